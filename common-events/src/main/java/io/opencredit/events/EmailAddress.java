package io.opencredit.events;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The suite's one e-mail address rule, used wherever an address comes in (account admins,
 * co-administrators, alert recipients, mail headers) so that every service agrees on what an address
 * is and on when two addresses are the same.
 *
 * <p>An address is a plain ASCII {@code local@domain} of at most 254 characters: the local part is a
 * dot-atom (RFC 5322 atext characters, dots only between them, at most 64 characters), the domain has
 * at least two dot-separated DNS labels. Quoted local parts, comments, IP literals and non-ASCII
 * characters are refused. Surrounding white space is stripped and the address is lower-cased, which
 * for ASCII is one unambiguous mapping: {@code ıvan@example.com} is refused rather than folded into
 * {@code ivan@example.com}.
 *
 * <p>The normalisation (SPEC O3), the only one the suite compares addresses after: strip surrounding
 * white space; refuse any character outside printable ASCII (so look-alikes are refused, never
 * folded: dotless {@code ı}, {@code İ}, full-width letters, Cyrillic or Greek letters that look Latin,
 * combining marks, zero-width joiners and spaces, soft hyphens, the Kelvin sign); refuse a trailing dot
 * ({@code example.com.}); lower-case with {@link Locale#ROOT} (never the default locale, in which
 * {@code I} may become {@code ı}). Two addresses are the same exactly when their normalised forms are
 * equal as strings; nothing compares addresses with {@code equalsIgnoreCase}, which calls
 * {@code ıvan} and {@code ivan} equal. International domain names are accepted only in their ASCII
 * ({@code xn--}) form.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_PART = 64;

    private static final String ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern ADDRESS = Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");

    private EmailAddress() {
    }

    /** The normalised address (stripped, lower-case), or empty when {@code raw} is not a valid address. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String candidate = raw.strip();
        if (candidate.isEmpty() || candidate.length() > MAX_LENGTH || !isAscii(candidate)) {
            return Optional.empty();
        }
        String lower = candidate.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        if (at > MAX_LOCAL_PART || !ADDRESS.matcher(lower).matches()) {
            return Optional.empty();
        }
        return Optional.of(lower);
    }

    public static boolean isValid(String raw) {
        return normalise(raw).isPresent();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
