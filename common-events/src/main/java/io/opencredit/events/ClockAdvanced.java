package io.opencredit.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The suite clock moved forward (SPEC C2). {@code offset} is the total offset from the real clock
 * after this advance; it only grows. Suite-wide: published on {@link Topics#OPS_CLOCK} without a
 * subscription.
 */
public record ClockAdvanced(Duration offset, Duration advancedBy, Instant advancedAt) implements EventPayload {

    public ClockAdvanced {
        Require.present(offset, "offset");
        Require.present(advancedBy, "advancedBy");
        Require.present(advancedAt, "advancedAt");
        if (offset.isNegative() || advancedBy.isNegative()) {
            throw new IllegalArgumentException("the suite clock only moves forward");
        }
    }
}
