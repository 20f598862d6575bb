package io.opencredit.alerting.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The JSON of the webhook API (SPEC F5). A secret appears only in {@link Created} and {@link Rotated}. */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** {@code POST /endpoints}: {@code subscriptionId} optional (every subscription the caller may see). */
    public record Registration(String url, List<String> eventTypes, String subscriptionId) {
    }

    /** The answer to a registration: the only time the secret is shown, with the rotation's. */
    public record Created(UUID id, String url, List<String> eventTypes, UUID subscriptionId, String secret, Instant createdAt) {
    }

    public record Endpoint(UUID id, String url, List<String> eventTypes, UUID subscriptionId, Instant createdAt) {
    }

    /** A rotation: the new secret; the old one signs beside it until {@code previousSecretValidUntil}. */
    public record Rotated(UUID id, String secret, Instant previousSecretValidUntil) {
    }

    /**
     * One delivery: {@code status} PENDING (waiting or retrying), SENDING, DELIVERED, FAILED (given up after the
     * retry window) or SKIPPED (the owner may not see the subscription).
     */
    public record Delivery(UUID id, UUID eventId, String eventType, UUID subscriptionId, String status, int attempts,
                           Integer lastStatusCode, String lastError, Instant lastAttemptAt, Instant nextAttemptAt,
                           Instant deliveredAt, Instant createdAt) {
    }

    /** A page of a list: {@code next} is the cursor for {@code ?after=}, null on the last page. */
    public record Page<T>(List<T> items, String next) {
    }
}
