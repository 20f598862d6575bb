package io.opencredit.events;

/**
 * The body of an event. Each implementation is an immutable record whose simple class name is the
 * event's type (a past-tense name) and which is listed in {@link EventCatalog}.
 */
public interface EventPayload {

    /** The event type written into the envelope: the record's simple name. */
    default String eventType() {
        return getClass().getSimpleName();
    }
}
