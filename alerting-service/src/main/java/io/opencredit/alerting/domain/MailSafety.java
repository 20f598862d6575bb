package io.opencredit.alerting.domain;

import io.opencredit.events.MoneyFormat;

/**
 * What may go into a mail header (SPEC §5): text loses every control and line-separator character.
 * Nothing from an event reaches a header without passing through here; addresses pass through the
 * suite's one address rule, {@code io.opencredit.events.EmailAddress}, which refuses anything unusual.
 */
public final class MailSafety {

    private MailSafety() {
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
            if (isUnsafe(cp) || collapses(cp)) {
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

    /** White space that collapses into one plain space. A no-break space stays: it groups a Norwegian amount's thousands ({@link MoneyFormat}). */
    private static boolean collapses(int cp) {
        return cp != MoneyFormat.NO_BREAK_SPACE && (Character.isWhitespace(cp) || Character.isSpaceChar(cp));
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
