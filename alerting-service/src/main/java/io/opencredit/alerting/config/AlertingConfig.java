package io.opencredit.alerting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the alerting service (prefix {@code opencredit.alerting}). */
@ConfigMapping(prefix = "opencredit.alerting")
public interface AlertingConfig {

    Sender sender();

    interface Sender {
        /** Whether this instance works the delivery log (tests of one layer may switch it off). */
        @WithDefault("true")
        boolean enabled();

        /** Deliveries claimed per round. */
        @WithDefault("20")
        int batchSize();

        /** Pause after the first failed attempt; doubled per further failure. */
        @WithDefault("10s")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("15m")
        Duration maxBackoff();

        /**
         * How long a sender owns a claimed delivery. Must exceed the SMTP client's timeouts: a row
         * still SENDING after it is taken to be the victim of a crash mid-send.
         */
        @WithDefault("5m")
        Duration lease();

        /**
         * What to do with a delivery whose sender died mid-send (lease ran out): false (default) marks
         * it UNCERTAIN and never resends it (at most once); true resends it with the same Message-ID
         * (at least once, a duplicate is recognisable).
         */
        @WithDefault("false")
        boolean resendUncertain();
    }
}
