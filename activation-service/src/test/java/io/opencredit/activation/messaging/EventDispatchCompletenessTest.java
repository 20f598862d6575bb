package io.opencredit.activation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.EventCatalog;
import org.junit.jupiter.api.Test;

/** The ledger view's dispatch names every event type of the suite: handled or deliberately ignored. */
class EventDispatchCompletenessTest {

    @Test
    void every_event_type_is_handled_or_ignored_by_the_ledger_view() {
        assertThat(LedgerViewHandler.DISPATCH.undecided(EventCatalog.payloadClasses()))
                .as("event types %s neither handles nor ignores", LedgerViewHandler.DISPATCH).isEmpty();
    }

    @Test
    void no_event_type_is_both_handled_and_ignored() {
        assertThat(LedgerViewHandler.DISPATCH.ignored()).doesNotContainAnyElementsOf(LedgerViewHandler.HANDLED.keySet());
    }

    @Test
    void the_ledger_view_applies_exactly_what_it_declares_handled() {
        assertThat(LedgerViewHandler.DISPATCH.handled()).containsExactlyInAnyOrderElementsOf(LedgerViewHandler.HANDLED.keySet());
    }
}
