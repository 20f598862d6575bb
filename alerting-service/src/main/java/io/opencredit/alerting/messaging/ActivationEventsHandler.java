package io.opencredit.alerting.messaging;

import io.opencredit.alerting.domain.EventTypes;
import io.opencredit.alerting.domain.Languages;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Builds the read model of who to tell from activation.events, then releases alerts that waited for it. */
@ApplicationScoped
public class ActivationEventsHandler implements EventHandler {

    /** Who to tell comes from the creation and the co-administrators; keys, credit and EA links say nothing about it. */
    public static final EventTypes TYPES = new EventTypes(
            Set.of(SubscriptionCreated.class, CoAdministratorAdded.class),
            Set.of(KeyActivated.class, CreditAdded.class, SubscriptionLinkedToEnterpriseAgreement.class));

    private final Directory directory;
    private final AlertIntake intake;

    public ActivationEventsHandler(Directory directory, AlertIntake intake) {
        this.directory = directory;
        this.intake = intake;
    }

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.ACTIVATION_EVENTS);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        List<EventEnvelope> relevant = events.stream().map(ConsumedEvent::envelope).filter(e -> TYPES.handles(e.payload())).toList();
        if (relevant.isEmpty()) {
            return;
        }
        Set<UUID> touched = new LinkedHashSet<>();
        relevant.forEach(event -> touched.add(event.subscriptionId()));
        directory.lock(touched);
        for (EventEnvelope event : relevant) {
            if (event.payload() instanceof SubscriptionCreated created) {
                directory.addSubscription(event.subscriptionId(), created.name(), created.accountEmail(), created.country(),
                        Languages.of(created.language(), created.country()), created.currency(), created.createdAt());
                // S6: a reseller that created the subscription for a customer is its co-administrator
                for (String admin : created.administrators()) {
                    if (!admin.equals(created.accountEmail())) {
                        directory.addCoAdministrator(event.subscriptionId(), admin, event.occurredAt());
                    }
                }
            } else if (event.payload() instanceof CoAdministratorAdded added) {
                directory.addCoAdministrator(event.subscriptionId(), added.email(), event.occurredAt());
            } else {
                throw new IllegalStateException(event.type() + " is declared handled but has no branch here");
            }
        }
        // after the whole batch, so co-administrators added right after the creation are told too
        touched.forEach(intake::releaseHeld);
    }
}
