package io.opencredit.local;

import java.util.List;

/** The four services of the suite, their ports and databases. */
enum Service {
    BILLING_GATEWAY("billing-gateway", 8080, "billing"),
    ACTIVATION("activation-service", 8081, "activation"),
    LEDGER("ledger-service", 8082, "ledger"),
    ALERTING("alerting-service", 8083, "alerting");

    final String module;
    final int port;
    final String database;

    Service(String module, int port, String database) {
        this.module = module;
        this.port = port;
        this.database = database;
    }

    String url() {
        return "http://localhost:" + port;
    }

    static List<Service> all() {
        return List.of(values());
    }
}
