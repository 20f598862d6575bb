package io.opencredit.runtime.ops;

/** A dead letter that still cannot be applied: still malformed, or still refused by a rule. It stays a dead letter. */
public class ReplayRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayRefused(String reason) {
        super(reason);
    }

    public ReplayRefused(String reason, Throwable cause) {
        super(reason, cause);
    }
}
