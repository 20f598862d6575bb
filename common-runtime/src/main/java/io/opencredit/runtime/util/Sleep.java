package io.opencredit.runtime.util;

import java.time.Duration;

/** The one way background loops pause. */
public final class Sleep {

    private Sleep() {
    }

    /**
     * Sleeps for {@code duration}; an interrupt ends the sleep early and stays set on the thread, so the
     * loop around it sees it and stops.
     */
    public static void quietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
