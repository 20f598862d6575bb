package io.opencredit.alerting.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON of the webhook API (SPEC F5). A secret appears only in {@link Created} and {@link Rotated}. */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** {@code POST /endpoints}: {@code subscriptionId} optional (every subscription the caller may see). */
    public record Registration(@Schema(required = true, example = "https://hooks.example.com/opencredit") String url,
                               @Schema(required = true, example = "[\"TokenBalanceLow\", \"SubscriptionCreditLow\"]") List<String> eventTypes,
                               @Schema(format = "uuid", description = "optional: only this subscription's events") String subscriptionId) {
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

    /** The documented shape of {@code Page<Endpoint>} (generic records have no schema of their own). */
    @Schema(name = "EndpointPage", description = "A page of endpoints; next is null on the last page")
    public record EndpointPage(List<Endpoint> items, @Schema(description = "pass as after= for the next page") String next) {
    }

    /** The documented shape of {@code Page<Delivery>}. */
    @Schema(name = "DeliveryPage", description = "A page of deliveries; next is null on the last page")
    public record DeliveryPage(List<Delivery> items, @Schema(description = "pass as after= for the next page") String next) {
    }
}
