package io.opencredit.events;

import java.util.List;
import java.util.Objects;

/** Null and shape checks for the compact constructors of the event records. */
final class Require {
    private Require() {
    }

    static <T> T present(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static String text(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static Money notNegative(Money value, String field) {
        present(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String field) {
        return List.copyOf(present(value, field));
    }
}
