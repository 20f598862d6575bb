package io.opencredit.activation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventPayload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger view's dispatch names every event type of the suite: handled or deliberately ignored. */
class EventDispatchCompletenessTest {

    @Test
    void every_event_type_is_handled_or_ignored_by_the_ledger_view() {
        List<Class<? extends EventPayload>> forgotten = EventCatalog.all().stream()
                .<Class<? extends EventPayload>>map(EventCatalog.Descriptor::payloadClass)
                .filter(type -> !LedgerViewHandler.HANDLED.containsKey(type) && !LedgerViewHandler.IGNORED.contains(type))
                .toList();
        assertThat(forgotten).as("event types LedgerViewHandler neither handles nor ignores").isEmpty();
    }

    @Test
    void no_event_type_is_both_handled_and_ignored() {
        assertThat(LedgerViewHandler.HANDLED.keySet()).doesNotContainAnyElementsOf(LedgerViewHandler.IGNORED);
    }
}
