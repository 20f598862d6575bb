package io.opencredit.alerting.persistence;

import java.sql.Timestamp;
import java.time.Instant;

/** Small helpers for the JDBC repositories. */
final class Jdbc {
    private Jdbc() {
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
