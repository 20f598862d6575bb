package io.opencredit.alerting.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the webhooks (SPEC F5), prefix {@code opencredit.webhooks}. */
@ConfigMapping(prefix = "opencredit.webhooks")
public interface WebhookConfig {

    /**
     * The local run: plain {@code http} and private, loopback and link-local targets are allowed. Off in production
     * (where only public {@code https} targets are, SSRF); on wherever {@code opencredit.unsafe-dev-mode} is.
     */
    @WithDefault("${opencredit.unsafe-dev-mode:false}")
    boolean localTargets();

    /** Endpoints one caller may register: a bound on the fan-out one token can cause. */
    @WithDefault("50")
    int maxEndpointsPerOwner();

    /** How long the old secret still signs after a rotation (both signatures are sent meanwhile). */
    @WithDefault("24h")
    Duration rotationOverlap();

    Sender sender();

    interface Sender {
        /** Whether this instance sends deliveries (tests of one layer may switch it off). */
        @WithDefault("true")
        boolean enabled();

        /** Pause of an idle sender before it looks again (a consumer commit wakes it earlier). */
        @WithDefault("500ms")
        Duration poll();

        /** Deliveries claimed per round: at most one per (endpoint, subscription), the head of its queue. */
        @WithDefault("50")
        int batchSize();

        /** Requests in flight at once, so that one slow receiver does not hold up the others. */
        @WithDefault("8")
        int parallelism();

        /** Pause after the first failed attempt; doubled per further failure. */
        @WithDefault("5s")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("1h")
        Duration maxBackoff();

        /** How long a delivery is retried before it is given up ({@code FAILED}). */
        @WithDefault("24h")
        Duration retryFor();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Bound of one whole request (answer included). */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * How long a sender owns a claimed delivery; must exceed the request timeout. A row still SENDING after it
         * belonged to a sender that died mid-request: it is sent again, with the same {@code webhook-id}.
         */
        @WithDefault("2m")
        Duration lease();
    }
}
