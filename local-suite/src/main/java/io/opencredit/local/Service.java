package io.opencredit.local;

import java.util.List;

/** The four services of the suite and their databases; their ports are in {@link SuitePorts}. */
enum Service {
    BILLING_GATEWAY("billing-gateway", "billing"),
    ACTIVATION("activation-service", "activation"),
    LEDGER("ledger-service", "ledger"),
    ALERTING("alerting-service", "alerting");

    final String module;
    final String database;

    Service(String module, String database) {
        this.module = module;
        this.database = database;
    }

    static List<Service> all() {
        return List.of(values());
    }

    static Service of(String module) {
        return all().stream().filter(s -> s.module.equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no module " + module));
    }
}
