package io.opencredit.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the parts every service shares (prefix {@code opencredit}). Services map their own
 * settings under {@code opencredit.<area>}; unknown keys under the prefix are allowed for that.
 */
@ConfigMapping(prefix = "opencredit")
public interface RuntimeConfig {

    /** The service's name: producer name in envelopes, prefix of consumer group ids. */
    String serviceName();

    /**
     * A development setup (the local run, docker compose): production's refusals of development keys, secrets, the
     * adjustable clock and Swagger UI are off (SPEC O1, {@link ProductionSafety}). Never set it in production.
     */
    @WithDefault("false")
    boolean unsafeDevMode();

    Clock clock();

    Outbox outbox();

    Consumer consumer();

    Topics topics();

    interface Topics {
        /** Partitions of each topic a service creates; a subscription's events share one partition. */
        @WithDefault("3")
        int partitions();

        /** Topics this service produces to, created at start-up if missing (with their {@code .dlq}). */
        Optional<List<String>> owned();
    }

    interface Clock {
        /** Outside production only: follow {@code ops.clock} and answer {@code /ops/clock} (SPEC C2). */
        @WithDefault("false")
        boolean adjustable();

        /** How long a booting instance waits to catch up with {@code ops.clock}. */
        @WithDefault("30s")
        Duration catchUpTimeout();
    }

    interface Outbox {
        @WithDefault("true")
        boolean relayEnabled();

        /** Rows published per round trip to the broker. */
        @WithDefault("2000")
        int batchSize();

        /**
         * Longest wait of an idle relay before it looks again. Committed writes wake it at once (in-process, or by
         * {@code NOTIFY} from another instance): this bound only finds rows nobody announced.
         */
        @WithDefault("1s")
        Duration idlePoll();
    }

    interface Consumer {
        /** Whether the service's event consumers run (tests of one layer may switch them off). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("500")
        int maxPollRecords();

        /**
         * Consumer loops per handler, each its own Kafka consumer in the group, thread and transactions: while one
         * waits for the database, another folds. The topic's partitions are shared among them (and among instances).
         */
        @WithDefault("1")
        int concurrency();

        /** Attempts of a batch before its records are retried one by one and poison ones dead-lettered. */
        @WithDefault("3")
        int batchAttempts();

        /**
         * How long the group waits for a silent member (a killed or paused instance) before giving
         * its partitions to the others; Kafka's default of 45 s holds them unread that long.
         */
        @WithDefault("10s")
        Duration sessionTimeout();

        /** A member that does not poll again within this is taken out of the group (a batch takes seconds). */
        @WithDefault("60s")
        Duration maxPollInterval();
    }
}
