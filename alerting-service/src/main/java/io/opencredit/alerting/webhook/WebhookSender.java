package io.opencredit.alerting.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.alerting.domain.Backoff;
import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.Loop;
import io.opencredit.runtime.supervision.SupervisedLoop;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.runtime.util.Wakeup;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Works the webhook delivery log (SPEC F5), as the supervised loop {@code webhook-sender} (SPEC O4). Each round
 * claims the due heads of the (endpoint, subscription) queues (SENDING under a lease, committed), POSTs each with the
 * JDK HttpClient outside any transaction (several at once, at most one per queue, so order per subscription holds;
 * a task whose head was delivered goes on with the next delivery of that queue), and marks each at once: 2xx DELIVERED; anything else, a timeout or a refused target PENDING again after an exponential
 * backoff, or FAILED once the retry window (24 h) is over. The next delivery of a queue waits until its predecessor
 * is DELIVERED or given up.
 *
 * <p>At least once: a sender that dies during a request leaves the row SENDING; when the lease runs out it is sent
 * again with the same {@code webhook-id}, which Standard Webhooks receivers deduplicate by. A delivery whose 2xx was
 * recorded is never sent again (unless redelivered by hand).
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    /** How long an event waits for the directory to learn its subscription before its access is decided again. */
    private static final Duration ACCESS_RECHECK = Duration.ofSeconds(1);
    private static final int MARK_ATTEMPTS = 20;
    /** Deliveries one task sends from the same queue in a row before it gives the thread back to the round. */
    private static final int QUEUE_RUN = 20;

    private final WebhookStore store;
    private final Directory directory;
    private final SuiteClock clock;
    private final WebhookConfig config;
    private final Supervisor supervisor;
    private final Backoff backoff;
    private final Counter delivered;
    private final Counter failedAttempts;
    private final Counter givenUp;
    private final Wakeup wakeup = new Wakeup();
    private final Clock wallClock = Clock.systemUTC();
    private TargetGuard.Resolver resolver = TargetGuard.DNS;
    private HttpClient http;
    private ExecutorService requests;

    public WebhookSender(WebhookStore store, Directory directory, SuiteClock clock, WebhookConfig config, Supervisor supervisor,
                         MeterRegistry registry) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.config = config;
        this.supervisor = supervisor;
        WebhookConfig.Sender sender = config.sender();
        this.backoff = new Backoff(sender.initialBackoff(), sender.maxBackoff());
        this.delivered = Counter.builder("opencredit.alerting.webhooks.delivered").register(registry);
        this.failedAttempts = Counter.builder("opencredit.alerting.webhooks.failed-attempts").register(registry);
        this.givenUp = Counter.builder("opencredit.alerting.webhooks.given-up").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.sender().enabled()) {
            return;
        }
        WebhookConfig.Sender sender = config.sender();
        // redirects are not followed: a 3xx could point anywhere, past the SSRF check of the registered URL
        http = HttpClient.newBuilder().connectTimeout(sender.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        requests = Executors.newFixedThreadPool(sender.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "opencredit-webhook-request");
            thread.setDaemon(true);
            return thread;
        });
        // a round lasts at most one request timeout (they run in parallel) plus its database work
        supervisor.start("webhook-sender", sender.requestTimeout().multipliedBy(3).plus(Duration.ofMinutes(1)),
                SupervisedLoop.waking(this::run, wakeup::signal));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (requests != null) {
            requests.shutdownNow();
        }
    }

    /** Called after a consumer transaction recorded deliveries: look now rather than after the poll interval. */
    public void wake() {
        wakeup.signal();
    }

    /** For tests: how host names resolve for the SSRF check. */
    void useResolver(TargetGuard.Resolver resolver) {
        this.resolver = resolver;
    }

    private void run(Loop loop) throws InterruptedException {
        while (loop.running()) {
            loop.beat();
            long seen = wakeup.generation();
            if (workOnce(loop) == 0 && loop.running()) {
                wakeup.await(seen, config.sender().poll());
            }
        }
    }

    /**
     * One round: expired leases back to PENDING, then the due heads claimed, each sent by a task that goes on with the
     * next delivery of its queue once the head is delivered. Returns how many queues were started.
     */
    int workOnce(Loop loop) throws InterruptedException {
        int expired = QuarkusTransaction.requiringNew().call(store::expireLeases);
        if (expired > 0) {
            LOG.warnf("%d webhook deliveries were found mid-request after their sender's lease ran out; sending them again "
                    + "with the same webhook-id", expired);
        }
        List<WebhookStore.Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> store
                .claimDue(config.sender().batchSize(), config.sender().lease()).stream()
                .flatMap(delivery -> admitted(delivery).stream()).toList());
        List<Future<?>> inFlight = new ArrayList<>();
        for (WebhookStore.Claimed head : claimed) {
            inFlight.add(requests.submit(() -> drain(head)));
        }
        for (Future<?> task : inFlight) {
            while (true) {
                try {
                    task.get(1, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException e) {
                    loop.beat(); // the requests are bounded by their timeout: waiting for them is progress
                } catch (ExecutionException e) {
                    LOG.errorf(e.getCause(), "a webhook delivery failed unexpectedly; its lease will expire and it is sent again");
                    break;
                }
            }
        }
        return claimed.size();
    }

    /** Sends a queue's head, then, while they are delivered, the deliveries behind it (at most {@value #QUEUE_RUN}). */
    private void drain(WebhookStore.Claimed head) {
        WebhookStore.Claimed delivery = head;
        for (int sent = 1; send(delivery) && sent < QUEUE_RUN; sent++) {
            WebhookStore.Claimed current = delivery;
            Optional<WebhookStore.Claimed> next = QuarkusTransaction.requiringNew().call(() -> store
                    .claimNext(current.endpointId(), current.subscriptionId(), config.sender().lease()).flatMap(this::admitted));
            if (next.isEmpty()) {
                return;
            }
            delivery = next.get();
        }
    }

    /**
     * A claimed delivery if it may be sent: those whose subscription was unknown at intake are decided now (sent when
     * the owner administers it, SKIPPED when not, postponed while the directory does not know it yet).
     */
    private Optional<WebhookStore.Claimed> admitted(WebhookStore.Claimed delivery) {
        if (!delivery.checkAccess()) {
            return Optional.of(delivery);
        }
        Optional<SubscriptionView> subscription = directory.find(delivery.subscriptionId());
        if (subscription.isEmpty()) {
            store.postpone(delivery.id(), ACCESS_RECHECK);
            return Optional.empty();
        }
        if (WebhookAccess.mayReceive(delivery.ownerRole(), delivery.ownerEmail(), subscription.get())) {
            store.accessGranted(delivery.id());
            return Optional.of(delivery);
        }
        store.markSkipped(delivery.id(), "the endpoint's owner does not administer this subscription");
        return Optional.empty();
    }

    /** Sends one delivery and records the outcome; true when the receiver accepted it. */
    private boolean send(WebhookStore.Claimed delivery) {
        Optional<String> refused = TargetGuard.refusal(delivery.url(), config.localTargets(), resolver);
        if (refused.isPresent()) {
            failed(delivery, null, "target refused: " + refused.get());
            return false;
        }
        String id = delivery.eventId().toString();
        long timestamp = wallClock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(config.sender().requestTimeout())
                .header("content-type", "application/json")
                .header(StandardWebhooks.ID, id)
                .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
                .header(StandardWebhooks.SIGNATURE, StandardWebhooks.signatureHeader(delivery.secrets(), id, timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            failed(delivery, null, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false; // shutting down: the lease runs out and the delivery is sent again
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return markDelivered(delivery, status);
        }
        failed(delivery, status, "HTTP " + status);
        return false;
    }

    /** The receiver has it: record that now, retrying while the database is briefly unavailable. */
    private boolean markDelivered(WebhookStore.Claimed delivery, int status) {
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> store.markDelivered(delivery.id(), status, clock.now()));
                delivered.increment();
                return true;
            } catch (RuntimeException e) {
                if (attempt >= MARK_ATTEMPTS) {
                    LOG.errorf(e, "webhook delivery %s was answered %d but cannot be marked DELIVERED; when its lease runs out "
                            + "it is sent again with the same webhook-id", delivery.id(), status);
                    return false;
                }
                Sleep.quietly(Duration.ofMillis(Math.min(5000, 100L * attempt * attempt)));
            }
        }
    }

    private void failed(WebhookStore.Claimed delivery, Integer status, String error) {
        Duration pause = backoff.after(delivery.attempts());
        failedAttempts.increment();
        String now = QuarkusTransaction.requiringNew().call(() -> store.markFailed(delivery.id(), status, error, pause));
        if ("FAILED".equals(now)) {
            givenUp.increment();
            LOG.warnf("webhook delivery %s of event %s to endpoint %s given up after %d attempts: %s", delivery.id(),
                    delivery.eventId(), delivery.endpointId(), delivery.attempts(), error);
        } else {
            LOG.infof("webhook delivery %s to endpoint %s failed on attempt %d (%s), next in %s", delivery.id(),
                    delivery.endpointId(), delivery.attempts(), error, pause);
        }
    }
}
