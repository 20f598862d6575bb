package io.opencredit.ledger.persistence;

/** Another writer appended to the stream since it was read: the whole transaction must be retried. */
public class ConcurrentAppendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConcurrentAppendException(String message) {
        super(message);
    }
}
