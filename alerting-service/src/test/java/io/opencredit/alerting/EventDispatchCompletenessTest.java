package io.opencredit.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.alerting.domain.AlertComposer;
import io.opencredit.alerting.messaging.ActivationEventsHandler;
import io.opencredit.alerting.messaging.AlertIntake;
import io.opencredit.alerting.messaging.LedgerAlertsHandler;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every place that dispatches over event types has decided about every type of the catalogue that can
 * reach it: a new event type on activation.events or ledger.events fails here until it is handled or
 * deliberately ignored.
 */
class EventDispatchCompletenessTest {

    /** One dispatcher: its name, the topics its events come from, its declared types. */
    private record Dispatcher(String name, List<String> topics, EventDispatch types) {
    }

    private static final List<Dispatcher> DISPATCHERS = List.of(
            new Dispatcher("ActivationEventsHandler", new ActivationEventsHandler(null, null).topics(), ActivationEventsHandler.TYPES),
            new Dispatcher("LedgerAlertsHandler", new LedgerAlertsHandler(null, null).topics(), LedgerAlertsHandler.TYPES),
            // the intake and the composer see what the ledger handler passes on, and the alerts held before it
            new Dispatcher("AlertIntake", List.of(Topics.LEDGER_EVENTS), AlertIntake.TYPES),
            new Dispatcher("AlertComposer", List.of(Topics.LEDGER_EVENTS), AlertComposer.TYPES));

    @Test
    void every_event_type_on_a_dispatchers_topics_is_handled_or_deliberately_ignored() {
        for (Dispatcher dispatcher : DISPATCHERS) {
            assertThat(dispatcher.types().undecided(arriving(dispatcher.topics())))
                    .as("types on %s that %s neither handles nor ignores", dispatcher.topics(), dispatcher.name()).isEmpty();
        }
    }

    @Test
    void a_dispatcher_declares_only_types_that_can_reach_it() {
        for (Dispatcher dispatcher : DISPATCHERS) {
            assertThat(arriving(dispatcher.topics())).as("%s declares no stale type", dispatcher.name())
                    .containsAll(dispatcher.types().decided());
        }
    }

    @Test
    void the_alert_handlers_email_exactly_what_the_composer_writes() {
        assertThat(LedgerAlertsHandler.TYPES).isEqualTo(AlertComposer.TYPES);
        assertThat(AlertIntake.TYPES).isEqualTo(AlertComposer.TYPES);
        assertThat(AlertComposer.TYPES.handled()).hasSize(11);
    }

    /** The catalogue's types published on any of these topics: what a dispatcher reading them can meet. */
    private static Set<Class<?>> arriving(List<String> topics) {
        return EventCatalog.all().stream()
                .filter(descriptor -> descriptor.topics().stream().anyMatch(topics::contains))
                .map(EventCatalog.Descriptor::payloadClass)
                .collect(Collectors.toSet());
    }
}
