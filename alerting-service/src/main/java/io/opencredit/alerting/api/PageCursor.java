package io.opencredit.alerting.api;

import io.opencredit.runtime.api.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * A keyset list's cursor (a subscription's emails by creation time): where a page ended, as
 * "seconds.nanos/id" base64url-encoded; opaque to clients.
 */
final class PageCursor {

    private PageCursor() {
    }

    static String of(Instant at, Object id) {
        String text = at.getEpochSecond() + "." + at.getNano() + "/" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names, made by {@code position} from its time and id text (which may refuse the id by throwing). */
    static <P> P parse(String cursor, BiFunction<Instant, String, P> position) {
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int slash = text.indexOf('/');
            int dot = text.indexOf('.');
            if (slash < 0 || dot < 0 || dot > slash) {
                throw new IllegalArgumentException("no position");
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1, slash)));
            return position.apply(at, text.substring(slash + 1));
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-cursor", "after must be the next cursor of an earlier page");
        }
    }
}
