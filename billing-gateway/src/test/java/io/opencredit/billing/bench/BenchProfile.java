package io.opencredit.billing.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service as deployed (relay and consumers on), quieter logs. */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.log.level", "WARN",
                "quarkus.log.category.\"io.opencredit\".level", "WARN");
    }
}
