package io.opencredit.activation.domain;

/** The text is not a key code (SPEC K2): wrong length, characters or check character. */
public class MalformedKeyCodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedKeyCodeException(String message) {
        super(message);
    }
}
