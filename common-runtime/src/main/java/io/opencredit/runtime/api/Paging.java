package io.opencredit.runtime.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * Cursor paging as every list of the suite does it (issue 22): the page size read from {@code limit}, and an opaque
 * base64url cursor naming where a page ended, passed back as {@code after}. Keyset cursors ("seconds.nanos/id": rows by
 * time, then id) serve lists ordered by time; version cursors ("v/version") the ledger's statement, whose stream
 * versions are gapless; sequence cursors ("s/n") lists keyed by an increasing row id (webhook endpoints and
 * deliveries, the operator audit). Either way a deep page costs the same and rows added meanwhile neither repeat nor
 * vanish.
 * Anything that is not a cursor the suite wrote, or a limit out of range, is 400 problem+json.
 */
public final class Paging {

    private static final String VERSION_PREFIX = "v/";
    private static final String SEQUENCE_PREFIX = "s/";
    private static final int MAX_CURSOR_LENGTH = 200;

    private Paging() {
    }

    /** The page size asked for: 1..{@code max}, {@code defaultLimit} when not given; anything else is 400 {@code invalid-limit}. */
    public static int limit(String limit, int defaultLimit, int max) {
        if (limit == null) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("invalid-limit", "limit must be a whole number from 1 to " + max + ", got '"
                + abbreviate(limit) + "'");
    }

    /** The cursor after the row at {@code at} with {@code id} (a keyset list). */
    public static String keysetCursor(Instant at, Object id) {
        return encode(at.getEpochSecond() + "." + at.getNano() + "/" + id);
    }

    /** The position a keyset cursor names, made by {@code position} from its time and id text (which may refuse the id by throwing). */
    public static <P> P keysetPosition(String cursor, BiFunction<Instant, String, P> position) {
        try {
            String text = decode(cursor);
            int slash = text.indexOf('/');
            int dot = text.indexOf('.');
            if (slash < 0 || dot < 0 || dot > slash) {
                throw new IllegalArgumentException("no position");
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1, slash)));
            return position.apply(at, text.substring(slash + 1));
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    /** The cursor after stream version {@code version}. */
    public static String versionCursor(long version) {
        return encode(VERSION_PREFIX + version);
    }

    /** The stream version a version cursor names (at least 1). */
    public static long version(String cursor) {
        return number(cursor, VERSION_PREFIX);
    }

    /** The cursor after the row with id {@code id} of a list keyed by an increasing id. */
    public static String sequenceCursor(long id) {
        return encode(SEQUENCE_PREFIX + id);
    }

    /** The row id a sequence cursor names (at least 1). */
    public static long sequence(String cursor) {
        return number(cursor, SEQUENCE_PREFIX);
    }

    private static long number(String cursor, String prefix) {
        try {
            String text = decode(cursor);
            if (!text.startsWith(prefix)) {
                throw new IllegalArgumentException("not a " + prefix + " cursor");
            }
            long n = Long.parseLong(text.substring(prefix.length()));
            if (n < 1) {
                throw new IllegalArgumentException("below 1");
            }
            return n;
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw new IllegalArgumentException("too long");
        }
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    }

    /** 400 {@code invalid-cursor}: what a list answers to an {@code after} it did not write. */
    public static ProblemException invalidCursor() {
        return ProblemException.badRequest("invalid-cursor", "after must be the next cursor of an earlier page");
    }

    private static String abbreviate(String value) {
        String plain = value.replaceAll("\\p{Cntrl}", "?");
        return plain.length() > 40 ? plain.substring(0, 40) + "…" : plain;
    }
}
