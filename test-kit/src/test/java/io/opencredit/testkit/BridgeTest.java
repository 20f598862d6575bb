package io.opencredit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.testkit.internal.Engine;
import io.opencredit.testkit.internal.EngineApi;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The typed bridge across class loaders, as under Quarkus: the engine here is loaded by a class
 * loader of its own (so its {@code EngineApi} is another class than the test's), and no server is
 * started.
 */
class BridgeTest {

    private static URLClassLoader isolated;
    private static Class<?> engineClass;

    @BeforeAll
    static void loadAnotherEngine() throws Exception {
        URL kit = Engine.class.getProtectionDomain().getCodeSource().getLocation();
        URL logging = Logger.class.getProtectionDomain().getCodeSource().getLocation();
        isolated = new URLClassLoader(new URL[] {kit, logging}, ClassLoader.getPlatformClassLoader());
        engineClass = Class.forName(Engine.class.getName(), true, isolated);
    }

    @AfterAll
    static void close() throws Exception {
        isolated.close();
    }

    @Test
    void the_engine_of_another_class_loader_answers_through_the_callers_interface() {
        assertThat(engineClass).isNotSameAs(Engine.class);

        EngineApi engine = Bridge.connect(engineClass);

        assertThat(engine.kafkaRunning()).isFalse();
        assertThat(engine.postgresRunning()).isFalse();
        assertThat(engine.smtpRunning()).isFalse();
        assertThat(engine.sources()).isEqualTo(Map.of("kafka", "not started", "postgres", "not started",
                "smtp", "not started"));
        assertThat(engine.latestDatabase("ledger")).isNull();
        assertThat(engine.timings()).isEmpty();
        assertThat(engine.describe()).isEqualTo("Kafka not started; PostgreSQL not started; SMTP not started");
    }

    @Test
    void the_unit_tier_starts_no_server_and_the_engines_exception_reaches_the_caller() {
        String tier = System.getProperty(Engine.TIER);
        System.setProperty(Engine.TIER, "unit");
        try {
            EngineApi engine = Bridge.connect(engineClass);

            assertThatThrownBy(() -> engine.kafkaBootstrap(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a Kafka broker")
                    .hasMessageContaining("*IT");
            assertThatThrownBy(() -> engine.createDatabase("ledger")).hasMessageContaining("PostgreSQL");
            assertThatThrownBy(() -> engine.smtpPort()).hasMessageContaining("an SMTP server");
            assertThat(engine.sources()).containsEntry("kafka", "not started");
        } finally {
            if (tier == null) {
                System.clearProperty(Engine.TIER);
            } else {
                System.setProperty(Engine.TIER, tier);
            }
        }
    }
}
