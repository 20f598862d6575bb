package io.opencredit.alerting.webhook;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Records, in the consumer batch's transaction, one delivery per event and endpoint that receives it (SPEC F5): the
 * endpoint names the event's type, its subscription (or none) and its owner may see the subscription. Nothing is
 * sent here; the {@link WebhookSender} is woken after the commit. A repeat of an event adds nothing
 * ({@link #deduplicatesByContent()}).
 *
 * <p>Reads activation.events and ledger.events, the topics the alerting service already follows. billing.events is
 * left out: it carries every usage record (the suite's highest volume), and its effects on credit reach subscribers as
 * ledger events anyway ({@code CreditConsumed}, {@code BalanceChanged}, ...).
 */
@ApplicationScoped
public class WebhookEventsHandler implements EventHandler {

    /** The topics whose events endpoints may ask for. */
    public static final List<String> TOPICS = List.of(Topics.ACTIVATION_EVENTS, Topics.LEDGER_EVENTS);

    /** The event types an endpoint may register for: every type of the catalogue published on {@link #TOPICS}. */
    public static final Set<String> EVENT_TYPES = EventCatalog.all().stream()
            .filter(descriptor -> descriptor.topics().stream().anyMatch(TOPICS::contains))
            .map(EventCatalog.Descriptor::type)
            .collect(Collectors.toCollection(java.util.TreeSet::new));

    private final WebhookStore store;
    private final Directory directory;
    private final SuiteClock clock;
    private final WebhookConfig config;
    private final TransactionCallbacks callbacks;
    private final WebhookSender sender;

    public WebhookEventsHandler(WebhookStore store, Directory directory, SuiteClock clock, WebhookConfig config,
                                TransactionCallbacks callbacks, WebhookSender sender) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.config = config;
        this.callbacks = callbacks;
        this.sender = sender;
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public List<String> topics() {
        return TOPICS;
    }

    /**
     * Every effect is keyed by the event id, stored in this transaction: its body ({@code webhook_message}, primary key)
     * and its deliveries ({@code UNIQUE (endpoint_id, event_id)}), both inserted with {@code ON CONFLICT DO NOTHING}. A
     * repeated event therefore changes nothing without the processed-event table, which saves an insert per event of
     * ledger.events, the suite's busiest topic, most of which no endpoint asks for.
     */
    @Override
    public boolean deduplicatesByContent() {
        return true;
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        List<EventEnvelope> wanted = events.stream().map(ConsumedEvent::envelope)
                .filter(event -> EVENT_TYPES.contains(event.type()) && event.subscriptionId() != null).toList();
        if (wanted.isEmpty()) {
            return;
        }
        List<WebhookStore.Endpoint> endpoints = store.receiving(wanted.stream().map(EventEnvelope::type).collect(Collectors.toSet()));
        if (endpoints.isEmpty()) {
            return;
        }
        Set<UUID> subscriptions = new LinkedHashSet<>();
        wanted.forEach(event -> subscriptions.add(event.subscriptionId()));
        store.lock(subscriptions);
        Map<UUID, Optional<SubscriptionView>> known = new HashMap<>();
        Instant now = clock.now();
        int added = 0;
        for (EventEnvelope event : wanted) {
            boolean messageKept = false;
            for (WebhookStore.Endpoint endpoint : endpoints) {
                Decision decision = decide(endpoint, event, known);
                if (decision == Decision.NONE) {
                    continue;
                }
                if (!messageKept) {
                    store.recordMessage(event.eventId(), event.subscriptionId(), event.type(), EventCodec.encode(event), now);
                    messageKept = true;
                }
                if (store.recordDelivery(endpoint.id(), event.eventId(), event.subscriptionId(), decision == Decision.AT_DELIVERY,
                        config.sender().retryFor(), now)) {
                    added++;
                }
            }
        }
        if (added > 0) {
            callbacks.afterCommit(sender::wake);
        }
    }

    /** Whether an endpoint gets an event: no, yes, or yes if its owner may see the subscription when it is sent. */
    private enum Decision { NONE, SEND, AT_DELIVERY }

    private Decision decide(WebhookStore.Endpoint endpoint, EventEnvelope event, Map<UUID, Optional<SubscriptionView>> known) {
        if (!endpoint.eventTypes().contains(event.type())) {
            return Decision.NONE;
        }
        if (endpoint.subscriptionId() != null) {
            // access to a named subscription was checked at registration; administrators are never removed
            return endpoint.subscriptionId().equals(event.subscriptionId()) ? Decision.SEND : Decision.NONE;
        }
        if (endpoint.ownerIsOperator()) {
            return Decision.SEND;
        }
        Optional<SubscriptionView> subscription = known.computeIfAbsent(event.subscriptionId(), directory::find);
        if (subscription.isEmpty()) {
            // the directory (another consumer) has not read the subscription yet: the sender decides
            return Decision.AT_DELIVERY;
        }
        return WebhookAccess.mayReceive(endpoint.ownerRole(), endpoint.ownerEmail(), subscription.get())
                ? Decision.SEND : Decision.NONE;
    }
}
