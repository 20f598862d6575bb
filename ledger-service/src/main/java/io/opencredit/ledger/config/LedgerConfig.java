package io.opencredit.ledger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ledger (prefix {@code opencredit.ledger}). */
@ConfigMapping(prefix = "opencredit.ledger")
public interface LedgerConfig {

    /** Folded subscription states the consumer keeps in memory between batches. */
    @WithDefault("20000")
    int cacheSize();

    /** Subscriptions the due-time scheduler advances per transaction. */
    @WithDefault("200")
    int tickBatch();
}
