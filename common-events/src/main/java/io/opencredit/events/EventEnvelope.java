package io.opencredit.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every event travels in (SPEC §3).
 *
 * @param eventId        unique id of this event; consumers deduplicate on it
 * @param type           the payload's type, e.g. {@code CreditAdded}
 * @param version        the payload schema version
 * @param subscriptionId the subscription the event belongs to, and the Kafka key; absent only for
 *                       suite-wide events ({@link ClockAdvanced})
 * @param occurredAt     when it happened, on the suite clock (UTC)
 * @param producer       the service that wrote it
 * @param causationId    the id of the event it was derived from, if any
 * @param payload        the event itself
 */
public record EventEnvelope(
        UUID eventId,
        String type,
        int version,
        UUID subscriptionId,
        Instant occurredAt,
        String producer,
        UUID causationId,
        EventPayload payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId is required");
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(occurredAt, "occurredAt is required");
        Objects.requireNonNull(producer, "producer is required");
        Objects.requireNonNull(payload, "payload is required");
        if (!type.equals(payload.eventType())) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + payload.eventType());
        }
        if (subscriptionId == null && !EventCatalog.isSuiteWide(type)) {
            throw new IllegalArgumentException("subscriptionId is required for " + type);
        }
    }

    /** A new event with a fresh, time-ordered id ({@link EventIds}), at the current version of its type. */
    public static EventEnvelope of(UUID subscriptionId, EventPayload payload, String producer,
                                   UUID causationId, Instant occurredAt) {
        return new EventEnvelope(EventIds.next(), payload.eventType(),
                EventCatalog.currentVersion(payload.eventType()), subscriptionId, occurredAt,
                producer, causationId, payload);
    }

    /** The Kafka record key: the subscription id, or the fixed key of a suite-wide event. */
    public String key() {
        return subscriptionId != null ? subscriptionId.toString() : Topics.OPS_CLOCK_KEY;
    }

    /** The payload as the given type; throws if the event is of another type. */
    public <P extends EventPayload> P payloadAs(Class<P> payloadType) {
        return payloadType.cast(payload);
    }

    public boolean is(Class<? extends EventPayload> payloadType) {
        return payloadType.isInstance(payload);
    }
}
