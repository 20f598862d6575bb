package io.opencredit.alerting.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What may go into a mail header (SPEC §5): text loses every control and line-separator character,
 * addresses are validated and refused when they hold anything unusual. Nothing from an event reaches
 * a header without passing through here.
 */
public final class MailSafety {

    /** A pragmatic address shape: dot-atom local part, dotted host names; no quoting, no comments, no spaces. */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final int MAX_ADDRESS = 254;
    private static final int MAX_LOCAL_PART = 64;

    private MailSafety() {
    }

    /** The address, lower-cased, if it is a plain valid address; empty if it is malformed or carries control characters. */
    public static Optional<String> address(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String candidate = raw.strip();
        if (candidate.isEmpty() || candidate.length() > MAX_ADDRESS || hasUnsafeCharacter(candidate)) {
            return Optional.empty();
        }
        if (!ADDRESS.matcher(candidate).matches() || candidate.indexOf('@') > MAX_LOCAL_PART) {
            return Optional.empty();
        }
        return Optional.of(candidate.toLowerCase(Locale.ROOT));
    }

    /**
     * Text that is safe on one header line: every control character (CR, LF, TAB, NUL, DEL, C1) and
     * every Unicode line or paragraph separator becomes a space, runs of white space collapse, and
     * the result is cut to {@code maxLength} characters.
     */
    public static String headerText(String raw, int maxLength) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        boolean space = false;
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (isUnsafe(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.appendCodePoint(cp);
        }
        if (out.length() > maxLength) {
            int cut = maxLength - 1;
            if (Character.isLowSurrogate(out.charAt(cut))) {
                cut--;
            }
            out.setLength(Math.max(cut, 0));
            out.append('\u2026');
        }
        return out.toString();
    }

    /** Text for a log line or an API field: control characters shown as {@code \\uXXXX}, never raw. */
    public static String visible(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (isUnsafe(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    public static boolean hasUnsafeCharacter(String text) {
        return text.codePoints().anyMatch(cp -> isUnsafe(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    private static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp)
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT
                || cp == 0x85;
    }
}
