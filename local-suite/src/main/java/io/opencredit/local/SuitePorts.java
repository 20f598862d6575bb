package io.opencredit.local;

import java.util.List;

/**
 * Where a local suite listens. {@code ./opencredit up} and the benchmarks use the documented ports
 * ({@link #standard()}); the system tests take free ones ({@link #free()}), so that two runs on one
 * machine (two working trees, CI beside a developer, a test beside {@code ./opencredit up}) cannot collide.
 */
public record SuitePorts(int kafka, int kafkaController, int postgres, int smtp,
                         int billingGateway, int activation, int ledger, int alerting) {

    /** Kafka 9092 (controller 9093), PostgreSQL 15432, SMTP 2525, the services on 8080-8083. */
    public static SuitePorts standard() {
        return new SuitePorts(9092, 9093, 15432, 2525, 8080, 8081, 8082, 8083);
    }

    /** Eight free ports, held by this JVM until it ends (see {@link Ports#reserve(int)}). */
    public static SuitePorts free() {
        int[] p = Ports.reserve(8);
        return new SuitePorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
    }

    /** One more free port held by this JVM, e.g. for an extra instance of a service. */
    public static int freePort() {
        return Ports.reserve(1)[0];
    }

    /** The HTTP port of a module's main instance ({@code billing-gateway}, {@code activation-service}, ...). */
    public int port(String module) {
        return port(Service.of(module));
    }

    /** {@code http://localhost:<port>/api/v1} of a module's main instance. */
    public String apiUrl(String module) {
        return "http://localhost:" + port(module) + "/api/v1";
    }

    int port(Service service) {
        return switch (service) {
            case BILLING_GATEWAY -> billingGateway;
            case ACTIVATION -> activation;
            case LEDGER -> ledger;
            case ALERTING -> alerting;
            case PORTAL -> throw new IllegalArgumentException("the portal's port is given to the suite: LocalSuite#withPortal");
        };
    }

    List<Integer> infrastructure() {
        return List.of(kafka, kafkaController, postgres, smtp);
    }

    String kafkaBootstrap() {
        return "localhost:" + kafka;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres + "/" + database;
    }
}
