package io.opencredit.runtime.config;

import io.quarkus.runtime.LaunchMode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * SPEC O1: outside the local run and the tests, a service refuses to start with a development or placeholder
 * secret or key, with the adjustable clock, or with Swagger UI, unless the operator says
 * {@code opencredit.unsafe-dev-mode=true} (the local run and docker compose do). Every refusal names the setting
 * and how to fix it, and all of them are listed at once.
 *
 * <p>The rule itself is {@link #problems(Settings)}, a pure function; the bean reads the settings and applies it
 * before any other start-up work (consumers, relays) begins.
 */
@ApplicationScoped
public class ProductionSafety {

    /** The development JWT public key committed in common-runtime (the local run mints tokens with its pair). */
    public static final String DEV_JWT_KEY = "opencredit/dev/jwt-public.pem";
    /** Shorter shared secrets are refused: an HMAC key should carry at least 128 bits. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final Set<String> PLACEHOLDERS = Set.of("local-dev-secret", "opencredit", "secret", "password",
            "changeit", "dev", "test", "todo", "xxx");
    private static final List<String> PLACEHOLDER_PARTS = List.of("change-me", "changeme", "change_me", "placeholder",
            "replace-me", "replaceme", "example", "dummy");

    /** What the rule looks at, as configured. */
    public record Settings(boolean unsafeDevMode, boolean adjustableClock, boolean swaggerUi,
                           Optional<String> jwtKeyLocation, Optional<byte[]> jwtKey,
                           Optional<String> webhookSecret, Optional<String> databasePassword) {
    }

    /** The settings a production start must not have, one message each; empty when the start is safe. */
    public static List<String> problems(Settings settings) {
        if (settings.unsafeDevMode()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (settings.adjustableClock()) {
            problems.add("opencredit.clock.adjustable=true (OPENCREDIT_CLOCK_ADJUSTABLE) lets an operator move the suite's"
                    + " clock; production never does (SPEC C2): remove it");
        }
        if (settings.swaggerUi()) {
            problems.add("quarkus.swagger-ui.enabled=true serves Swagger UI; production serves /q/openapi only: remove it");
        }
        String location = settings.jwtKeyLocation().orElse("");
        boolean devKey = location.endsWith(DEV_JWT_KEY)
                || settings.jwtKey().map(key -> Arrays.equals(key, devJwtKey())).orElse(false);
        if (devKey) {
            problems.add("mp.jwt.verify.publickey.location (OPENCREDIT_JWT_PUBLIC_KEY_LOCATION) is the committed development"
                    + " key, whose private half is public: name your identity provider's public key or JWKS URL");
        }
        settings.webhookSecret().filter(ProductionSafety::isPlaceholder).ifPresent(secret -> problems.add(
                "opencredit.payments.webhook-secret (OPENCREDIT_WEBHOOK_SECRET) is a development or placeholder value:"
                        + " set the secret shared with the payment provider, at least " + MIN_SECRET_LENGTH + " characters"));
        settings.databasePassword().filter(ProductionSafety::isPlaceholder).ifPresent(password -> problems.add(
                "quarkus.datasource.password (OPENCREDIT_DB_PASSWORD) is a development or placeholder value:"
                        + " use the database's own credentials (on Kubernetes, the CloudNativePG app secret)"));
        return problems;
    }

    /** A value no production secret has: empty, a known development value, a placeholder, or too short. */
    public static boolean isPlaceholder(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return lower.length() < MIN_SECRET_LENGTH || PLACEHOLDERS.contains(lower)
                || PLACEHOLDER_PARTS.stream().anyMatch(lower::contains);
    }

    private static byte[] devJwtKey() {
        try (InputStream in = ProductionSafety.class.getClassLoader().getResourceAsStream(DEV_JWT_KEY)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEV_JWT_KEY, e);
        }
    }

    /**
     * Runs when the application context starts: before Flyway touches the database and before any consumer, relay
     * or the clock follower starts, so a refused start changes nothing.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) @Priority(Interceptor.Priority.PLATFORM_BEFORE) Object event,
                 Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Optional<String> location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class);
        // read as plain properties: the config mappings (RuntimeConfig) are not registered this early
        Settings settings = new Settings(flag(config, "opencredit.unsafe-dev-mode"), flag(config, "opencredit.clock.adjustable"),
                config.getOptionalValue("quarkus.swagger-ui.enabled", Boolean.class).orElse(true),
                location, location.flatMap(ProductionSafety::readFile),
                config.getOptionalValue("opencredit.payments.webhook-secret", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class));
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start in production (SPEC O1):\n  - " + String.join("\n  - ", problems)
                    + "\nFix the settings above, or set opencredit.unsafe-dev-mode=true (OPENCREDIT_UNSAFE_DEV_MODE) if this is"
                    + " a development setup.");
        }
    }

    private static boolean flag(Config config, String name) {
        return config.getOptionalValue(name, Boolean.class).orElse(false);
    }

    private static Optional<byte[]> readFile(String location) {
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try {
            return Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
