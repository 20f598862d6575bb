package io.opencredit.alerting.messaging;

import io.opencredit.alerting.domain.AlertComposer;
import io.opencredit.alerting.domain.EventTypes;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads ledger.events and records, in the batch's transaction, the intent to email every alert and
 * notice (SPEC A1–A3, S1–S4). Other ledger events (BalanceChanged, CreditConsumed, ...) are ignored.
 */
@ApplicationScoped
public class LedgerAlertsHandler implements EventHandler {

    /** The alerts and notices are the ledger events AlertComposer writes an email for. */
    public static final EventTypes TYPES = AlertComposer.TYPES;

    private final Directory directory;
    private final AlertIntake intake;

    public LedgerAlertsHandler(Directory directory, AlertIntake intake) {
        this.directory = directory;
        this.intake = intake;
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.LEDGER_EVENTS);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        List<ConsumedEvent> alerts = events.stream().filter(e -> TYPES.handles(e.envelope().payload())).toList();
        if (alerts.isEmpty()) {
            return;
        }
        directory.lock(alerts.stream().map(e -> e.envelope().subscriptionId()).toList());
        for (ConsumedEvent alert : alerts) {
            intake.accept(alert.envelope());
        }
    }
}
