package io.opencredit.alerting.domain;

import java.time.Duration;

/** Exponential backoff between send attempts: initial, doubled per failed attempt, capped. */
public record Backoff(Duration initial, Duration max) {

    /** The pause after the {@code attempts}-th failed attempt (1-based). */
    public Duration after(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
