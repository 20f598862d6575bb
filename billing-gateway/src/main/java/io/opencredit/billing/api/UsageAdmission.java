package io.opencredit.billing.api;

import io.opencredit.billing.config.BillingConfig;
import io.opencredit.runtime.api.Problem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Semaphore;

/**
 * Load shedding for {@code POST /usage}: at most {@code opencredit.billing.usage.max-in-flight} requests in
 * progress; one more is answered 503 problem+json with {@code Retry-After: 1} before its body is read, and
 * changes nothing. A meter retries it later with the same records (T5 makes that safe). Bounded this way, an
 * overload costs the callers a retry instead of costing the gateway its heap.
 */
@ApplicationScoped
public class UsageAdmission {

    static final String PATH = "/api/v1/usage";

    private final Semaphore permits;
    private final int limit;

    public UsageAdmission(BillingConfig config) {
        this.limit = config.usage().maxInFlight();
        this.permits = new Semaphore(limit);
    }

    void install(@Observes Router router) {
        // after common-runtime's body limit (Integer.MIN_VALUE), before anything reads the body
        router.route(HttpMethod.POST, PATH).order(Integer.MIN_VALUE + 1).handler(this::admit);
    }

    private void admit(RoutingContext context) {
        if (!permits.tryAcquire()) {
            Problem problem = new Problem(Problem.type("overloaded"), "Service overloaded", 503,
                    "the gateway is taking " + limit + " usage batches already; send this one again in a second", null);
            // the body is not read: close the connection after the answer rather than drain it
            context.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Connection", "close")
                    .putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
            return;
        }
        context.addEndHandler(ended -> permits.release()); // however the request ends: answered, failed or cut off
        context.next();
    }

    /** The permits themselves, for tests (which hold them to stand for requests in progress). */
    Semaphore permits() {
        return permits;
    }

    int limit() {
        return limit;
    }
}
