package io.opencredit.activation.domain;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * An OSA key code (SPEC K2): 25 characters in 5 groups of 5 ({@code XXXXX-XXXXX-XXXXX-XXXXX-XXXXX})
 * from an alphabet of 24 characters without look-alikes (no vowels, no 0/O, 1/I/L, 5/S, 8/B...),
 * the last one a check character over the first 24 (Luhn mod N, N = 24). A mistyped code (a wrong,
 * swapped or missing character) is refused as malformed before any lookup. Input is read
 * case-insensitively, with or without dashes and surrounding blanks.
 *
 * @param value the 25 characters, upper case, without dashes (the database key)
 */
public record KeyCode(String value) {

    public static final String ALPHABET = "BCDFGHJKMPQRTVWXY2346789";
    public static final int LENGTH = 25;
    public static final int GROUP = 5;
    private static final int N = ALPHABET.length();

    public KeyCode {
        if (value == null || value.length() != LENGTH) {
            throw new MalformedKeyCodeException("a key code has " + LENGTH + " characters");
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new MalformedKeyCodeException("a key code has no character '" + value.charAt(i) + "'");
            }
        }
        if (checkCharacter(value.substring(0, LENGTH - 1)) != value.charAt(LENGTH - 1)) {
            throw new MalformedKeyCodeException("the key code's check character does not match: the code is mistyped");
        }
    }

    /** Reads what a person typed: any case, dashes between groups optional, blanks around ignored. */
    public static KeyCode parse(String input) {
        if (input == null || input.isBlank()) {
            throw new MalformedKeyCodeException("the key code is missing");
        }
        String text = input.strip().toUpperCase(Locale.ROOT);
        String compact = text.replace("-", "");
        if (compact.length() != LENGTH) {
            throw new MalformedKeyCodeException("a key code has " + LENGTH + " characters in 5 groups of 5, got "
                    + compact.length() + " characters");
        }
        if (text.contains("-") && !text.equals(format(compact))) {
            throw new MalformedKeyCodeException("the dashes of a key code separate 5 groups of 5 characters");
        }
        return new KeyCode(compact);
    }

    /** A new random code; the first 24 characters from {@code random}, the 25th their check character. */
    public static KeyCode generate(SecureRandom random) {
        StringBuilder body = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH - 1; i++) {
            body.append(ALPHABET.charAt(random.nextInt(N)));
        }
        body.append(checkCharacter(body));
        return new KeyCode(body.toString());
    }

    /** Luhn mod N over {@code payload}: catches every single wrong character and adjacent swaps. */
    static char checkCharacter(CharSequence payload) {
        int factor = 2;
        int sum = 0;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int codePoint = ALPHABET.indexOf(payload.charAt(i));
            int addend = factor * codePoint;
            factor = factor == 2 ? 1 : 2;
            addend = addend / N + addend % N;
            sum += addend;
        }
        int check = (N - sum % N) % N;
        return ALPHABET.charAt(check);
    }

    /** The code as people read it: {@code XXXXX-XXXXX-XXXXX-XXXXX-XXXXX}. */
    public String formatted() {
        return format(value);
    }

    private static String format(String compact) {
        StringBuilder out = new StringBuilder(LENGTH + 4);
        for (int i = 0; i < compact.length(); i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append('-');
            }
            out.append(compact.charAt(i));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return formatted();
    }
}
