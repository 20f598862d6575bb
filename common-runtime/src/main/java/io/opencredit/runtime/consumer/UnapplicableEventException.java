package io.opencredit.runtime.consumer;

/**
 * Thrown by an {@link EventHandler} for an event that can never be applied: a rule refuses it, whatever the state
 * of the database or the broker (SPEC O8). The consumer dead-letters the record at once and moves on. Anything else
 * a handler throws is taken to be a failure that may pass and is retried, without advancing, until it does.
 */
public class UnapplicableEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnapplicableEventException(String message) {
        super(message);
    }

    public UnapplicableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
