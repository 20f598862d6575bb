package io.opencredit.activation.api;

import io.opencredit.activation.domain.KeyCode;
import io.opencredit.activation.domain.MalformedKeyCodeException;
import io.opencredit.runtime.api.ProblemException;
import java.util.Map;

/** Reads a key code from a request: a mistyped one is a 400 {@code K2-malformed-key-code}, before any lookup. */
final class KeyCodes {

    private KeyCodes() {
    }

    static KeyCode parse(String text) {
        try {
            return KeyCode.parse(text);
        } catch (MalformedKeyCodeException e) {
            throw new ProblemException(400, "K2-malformed-key-code", "Malformed key code",
                    e.getMessage() + " (expected XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)", Map.of("rule", "K2"));
        }
    }
}
