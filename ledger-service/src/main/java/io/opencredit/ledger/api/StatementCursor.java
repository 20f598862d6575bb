package io.opencredit.ledger.api;

import io.opencredit.runtime.api.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The statement's page cursor (issue 22): the stream version a page ended at, as "v/&lt;version&gt;" base64url-encoded,
 * opaque to clients, in the style of activation's keyset {@code PageCursor}. A version is the stream's own gapless
 * order, so a page costs the same however deep it is and entries appended meanwhile neither repeat nor vanish.
 * Its own small copy: the ledger pages by version, not by (time, id), and activation's cursor is package-private there.
 */
final class StatementCursor {

    /** Entries per page unless {@code limit} says otherwise. */
    static final int DEFAULT_LIMIT = 500;
    /** The largest page: a page is read and answered in memory. */
    static final int MAX_LIMIT = 1000;

    private static final String PREFIX = "v/";

    private StatementCursor() {
    }

    static String of(long version) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + version).getBytes(StandardCharsets.UTF_8));
    }

    /** The version a cursor names; anything that is not a cursor this ledger wrote is 400. */
    static long parse(String cursor) {
        try {
            if (cursor.length() > 40) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith(PREFIX)) {
                throw new IllegalArgumentException("no position");
            }
            long version = Long.parseLong(text.substring(PREFIX.length()));
            if (version < 1) {
                throw new IllegalArgumentException("no version");
            }
            return version;
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-cursor", "after must be the next cursor of an earlier page");
        }
    }

    /** The page size asked for: 1..{@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when not given; anything else is 400. */
    static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("invalid-limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
