package io.opencredit.ledger.domain;

/**
 * A command to the ledger (an alert rule change) that breaks a rule: nothing is decided.
 * {@code kind} tells the API which status to answer; {@code slug} names the rule.
 */
public class LedgerRejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind { INVALID, CONFLICT, NOT_FOUND }

    private final Kind kind;
    private final String slug;

    public LedgerRejection(Kind kind, String slug, String message) {
        super(message);
        this.kind = kind;
        this.slug = slug;
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }
}
