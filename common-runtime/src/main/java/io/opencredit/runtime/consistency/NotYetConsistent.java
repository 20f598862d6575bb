package io.opencredit.runtime.consistency;

/**
 * A read could not be answered consistently within its bound (SPEC R1, R2): the service's view has not yet caught up
 * with a write another service acknowledged. Answered 503 with {@code Retry-After}; nothing was changed.
 */
public class NotYetConsistent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int RETRY_AFTER_SECONDS = 1;

    public NotYetConsistent(String detail) {
        super(detail);
    }
}
