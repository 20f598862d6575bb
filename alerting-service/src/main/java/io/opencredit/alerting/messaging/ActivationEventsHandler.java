package io.opencredit.alerting.messaging;

import io.opencredit.alerting.domain.Languages;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.SubscriptionCreated;
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
        Set<UUID> touched = new LinkedHashSet<>();
        for (ConsumedEvent consumed : events) {
            EventEnvelope event = consumed.envelope();
            if (event.payload() instanceof SubscriptionCreated || event.payload() instanceof CoAdministratorAdded) {
                touched.add(event.subscriptionId());
            }
        }
        if (touched.isEmpty()) {
            return;
        }
        directory.lock(touched);
        for (ConsumedEvent consumed : events) {
            EventEnvelope event = consumed.envelope();
            if (event.payload() instanceof SubscriptionCreated created) {
                directory.addSubscription(event.subscriptionId(), created.name(), created.accountEmail(), created.country(),
                        Languages.of(created.language(), created.country()), created.currency(), created.createdAt());
                // S6: a reseller that created the subscription for a customer is its co-administrator
                if (created.createdBy().contains("@") && !created.createdBy().equalsIgnoreCase(created.accountEmail())) {
                    directory.addCoAdministrator(event.subscriptionId(), created.createdBy(), event.occurredAt());
                }
            } else if (event.payload() instanceof CoAdministratorAdded added) {
                directory.addCoAdministrator(event.subscriptionId(), added.email(), event.occurredAt());
            }
        }
        // after the whole batch, so co-administrators added right after the creation are told too
        touched.forEach(intake::releaseHeld);
    }
}
