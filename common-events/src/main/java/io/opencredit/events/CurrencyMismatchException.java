package io.opencredit.events;

/** Two amounts in different currencies met; the suite never converts silently (SPEC M3). */
public class CurrencyMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CurrencyMismatchException(String expected, String actual) {
        super("currency mismatch: expected " + expected + ", got " + actual);
    }
}
