package io.opencredit.events;

/** A record that cannot be read as an event of the suite; {@link #getMessage()} says why. */
public class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
