package io.opencredit.local;

import java.util.List;

/**
 * The four services of the suite and their databases, whose ports are in {@link SuitePorts}; and the portal,
 * which has no database and whose port the suite is given ({@link LocalSuite#withPortal(int)}).
 */
enum Service {
    BILLING_GATEWAY("billing-gateway", "billing"),
    ACTIVATION("activation-service", "activation"),
    LEDGER("ledger-service", "ledger"),
    ALERTING("alerting-service", "alerting"),
    PORTAL("portal", null);

    final String module;
    final String database;

    Service(String module, String database) {
        this.module = module;
        this.database = database;
    }

    /** The four services (not the portal): each has a database, an API under /api/v1 and the suite clock. */
    static List<Service> all() {
        return List.of(BILLING_GATEWAY, ACTIVATION, LEDGER, ALERTING);
    }

    static Service of(String module) {
        return all().stream().filter(s -> s.module.equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no module " + module));
    }
}
