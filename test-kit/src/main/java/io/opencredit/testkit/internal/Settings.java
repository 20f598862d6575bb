package io.opencredit.testkit.internal;

import java.util.Locale;

/**
 * The kit's knobs: each is read as a system property first, then as an environment variable of the
 * same name, so {@code -DOPENCREDIT_TEST_INFRA=testcontainers} and
 * {@code OPENCREDIT_TEST_INFRA=testcontainers} mean the same.
 */
public final class Settings {

    /** {@code embedded} (default) or {@code testcontainers}. */
    public static final String INFRA = "OPENCREDIT_TEST_INFRA";
    public static final String KAFKA_BOOTSTRAP = "OPENCREDIT_TEST_KAFKA_BOOTSTRAP";
    /** Default partition count of auto-created topics on the kit's own broker (default 1). */
    public static final String KAFKA_PARTITIONS = "OPENCREDIT_TEST_KAFKA_PARTITIONS";
    /** Level of the embedded broker's own log categories (default WARN). */
    public static final String KAFKA_LOG_LEVEL = "OPENCREDIT_TEST_KAFKA_LOG_LEVEL";
    public static final String KAFKA_IMAGE = "OPENCREDIT_TEST_KAFKA_IMAGE";
    public static final String JDBC_URL = "OPENCREDIT_TEST_JDBC_URL";
    public static final String JDBC_USER = "OPENCREDIT_TEST_JDBC_USER";
    public static final String JDBC_PASSWORD = "OPENCREDIT_TEST_JDBC_PASSWORD";
    public static final String POSTGRES_IMAGE = "OPENCREDIT_TEST_POSTGRES_IMAGE";
    public static final String SMTP_HOST = "OPENCREDIT_TEST_SMTP_HOST";
    public static final String SMTP_PORT = "OPENCREDIT_TEST_SMTP_PORT";

    private Settings() {
    }

    public static String get(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static boolean testcontainersRequested() {
        String infra = get(INFRA);
        return infra != null && infra.toLowerCase(Locale.ROOT).equals("testcontainers");
    }

    public static int intValue(String name, int defaultValue) {
        String value = get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, not '" + value + "'", e);
        }
    }
}
