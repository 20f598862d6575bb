package io.opencredit.ledger.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The benchmark drives the fold itself: no background consumer, no relay competing for the two cores. */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "opencredit.consumer.enabled", "false",
                "opencredit.outbox.relay-enabled", "false",
                "opencredit.ledger.tick-every", "1h",
                "opencredit.ledger.tick-delay", "1h",
                "quarkus.log.level", "WARN");
    }
}
