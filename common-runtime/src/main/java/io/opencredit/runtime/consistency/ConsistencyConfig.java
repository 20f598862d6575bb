package io.opencredit.runtime.consistency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Read-your-writes across the services (SPEC R1, R2), prefix {@code opencredit.consistency}; docs/consistency.md. */
@ConfigMapping(prefix = "opencredit.consistency")
public interface ConsistencyConfig {

    /**
     * Whether reads honour the {@code OpenCredit-Consistency} token and look again before answering "unknown". Only
     * for measuring what the mechanism costs and proving what it prevents: never switch it off in production.
     */
    @WithDefault("true")
    boolean enabled();

    /** R2: how long a read waits for the data a token names before answering 503 with {@code Retry-After}. */
    @WithDefault("5s")
    Duration readBound();

    /**
     * R1: how long a request naming a subscription this service does not know waits for its view to catch up
     * before answering 404 (caught up, still unknown) or 503 (not caught up in time).
     */
    @WithDefault("2s")
    Duration unknownBound();

    /**
     * R1: how long after a request arrives an event written before it may still sit in its producer's outbox. The
     * view is judged caught up only against what the broker held after this time: the relays publish within tens of
     * milliseconds when healthy (they look every 20 ms).
     */
    @WithDefault("500ms")
    Duration relayAllowance();
}
