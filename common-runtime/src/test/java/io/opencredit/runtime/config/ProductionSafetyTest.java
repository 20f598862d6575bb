package io.opencredit.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.runtime.config.ProductionSafety.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductionSafetyTest {

    private static final Optional<String> PROVIDER_KEY = Optional.of("https://login.example.com/realms/opencredit/certs");
    private static final Optional<String> REAL_SECRET = Optional.of("wZ3q8TtV0c2rYk9LmN4pXs7B");

    private static Settings safe() {
        return new Settings(false, false, false, PROVIDER_KEY, Optional.empty(), REAL_SECRET, REAL_SECRET);
    }

    @Test
    void O1_a_production_start_with_proper_settings_is_allowed() {
        assertThat(ProductionSafety.problems(safe())).isEmpty();
        assertThat(ProductionSafety.problems(new Settings(false, false, false, PROVIDER_KEY, Optional.empty(),
                Optional.empty(), Optional.empty()))).as("services without those secrets").isEmpty();
    }

    @Test
    void O1_the_committed_development_key_is_refused_by_location_and_by_content() throws IOException {
        Settings byLocation = new Settings(false, false, false, Optional.of(ProductionSafety.DEV_JWT_KEY), Optional.empty(),
                REAL_SECRET, REAL_SECRET);
        assertThat(ProductionSafety.problems(byLocation)).singleElement().asString()
                .contains("mp.jwt.verify.publickey.location").contains("OPENCREDIT_JWT_PUBLIC_KEY_LOCATION");
        byte[] devKey;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ProductionSafety.DEV_JWT_KEY)) {
            devKey = in.readAllBytes();
        }
        Settings copied = new Settings(false, false, false, Optional.of("/etc/keys/idp.pem"), Optional.of(devKey),
                REAL_SECRET, REAL_SECRET);
        assertThat(ProductionSafety.problems(copied)).singleElement().asString().contains("committed development key");
    }

    @Test
    void O1_the_adjustable_clock_and_swagger_ui_are_refused_naming_their_settings() {
        List<String> problems = ProductionSafety.problems(new Settings(false, true, true, PROVIDER_KEY, Optional.empty(),
                REAL_SECRET, REAL_SECRET));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("opencredit.clock.adjustable");
        assertThat(problems.get(1)).contains("quarkus.swagger-ui.enabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local-dev-secret", "change-me", "CHANGE_ME_PLEASE_NOW", "my-placeholder-secret-value",
            "opencredit", "short", "", "   "})
    void O1_development_and_placeholder_secrets_are_refused(String secret) {
        List<String> problems = ProductionSafety.problems(new Settings(false, false, false, PROVIDER_KEY, Optional.empty(),
                Optional.of(secret), Optional.of(secret)));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("opencredit.payments.webhook-secret");
        assertThat(problems.get(1)).contains("quarkus.datasource.password");
    }

    @Test
    void O1_unsafe_dev_mode_allows_a_development_setup() {
        Settings everythingDev = new Settings(true, true, true, Optional.of(ProductionSafety.DEV_JWT_KEY), Optional.empty(),
                Optional.of("local-dev-secret"), Optional.of("opencredit"));
        assertThat(ProductionSafety.problems(everythingDev)).isEmpty();
        Settings sameWithoutIt = new Settings(false, true, true, Optional.of(ProductionSafety.DEV_JWT_KEY), Optional.empty(),
                Optional.of("local-dev-secret"), Optional.of("opencredit"));
        assertThat(ProductionSafety.problems(sameWithoutIt)).hasSize(5);
    }
}
