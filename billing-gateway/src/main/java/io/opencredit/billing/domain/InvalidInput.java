package io.opencredit.billing.domain;

/** A field of one request or record that cannot be accepted: {@code slug} names the rule, the message says why. */
public class InvalidInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String slug;

    public InvalidInput(String slug, String message) {
        super(message, null, false, false);
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
