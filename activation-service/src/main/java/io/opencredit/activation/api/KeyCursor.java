package io.opencredit.activation.api;

import io.opencredit.activation.persistence.KeyPage.Position;
import io.opencredit.runtime.api.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** The key list's cursor: where a page ended, base64url-encoded ("seconds.nanos/code"); opaque to clients. */
final class KeyCursor {

    private KeyCursor() {
    }

    static String of(Instant issuedAt, String code) {
        String text = issuedAt.getEpochSecond() + "." + issuedAt.getNano() + "/" + code;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Position parse(String cursor) {
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
            String code = text.substring(slash + 1);
            if (!code.matches("[A-Z0-9]{25}")) {
                throw new IllegalArgumentException("no key code");
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1, slash)));
            return new Position(at, code);
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-cursor", "after must be the next cursor of an earlier page");
        }
    }
}
