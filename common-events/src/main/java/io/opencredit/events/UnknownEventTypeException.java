package io.opencredit.events;

import java.util.UUID;

/**
 * A well-formed envelope whose type this reader does not know: a newer producer's event (SPEC F6). Unlike
 * every other {@link MalformedEventException}, nothing is wrong with the record, so a consumer skips it, counts it
 * and moves on instead of dead-lettering it; an older consumer thus keeps running while producers add types.
 * Raised only when the rest of the envelope is valid and the type is a plausible event name (a capitalised
 * identifier, as every type of the suite is); anything else stays malformed and goes to the {@code .dlq}.
 */
public class UnknownEventTypeException extends MalformedEventException {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final int version;
    private final UUID eventId;

    public UnknownEventTypeException(String type, int version, UUID eventId) {
        super("unknown event type '" + type + "' (version " + version + ", event " + eventId + ")");
        this.type = type;
        this.version = version;
        this.eventId = eventId;
    }

    /** The type as the envelope names it (a capitalised identifier of at most 100 characters). */
    public String type() {
        return type;
    }

    public int version() {
        return version;
    }

    public UUID eventId() {
        return eventId;
    }
}
