package io.opencredit.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventPayload;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event type of the suite is handled or deliberately ignored by each dispatch of the gateway. */
class EventDispatchCompletenessTest {

    private static final List<Class<? extends EventPayload>> CATALOG =
            EventCatalog.all().stream().<Class<? extends EventPayload>>map(EventCatalog.Descriptor::payloadClass).toList();

    @Test
    void the_subscription_view_handles_or_ignores_every_event_type_of_the_catalog() {
        Set<Class<? extends EventPayload>> handled = new SubscriptionViewHandler(null).handled();
        Set<Class<? extends EventPayload>> ignored = SubscriptionViewHandler.IGNORED;

        assertThat(CATALOG.stream().filter(type -> !handled.contains(type) && !ignored.contains(type)))
                .as("event types SubscriptionViewHandler neither handles nor ignores").isEmpty();
        Set<Class<? extends EventPayload>> both = new HashSet<>(handled);
        both.retainAll(ignored);
        assertThat(both).as("handled and ignored at once").isEmpty();
        assertThat(CATALOG).as("every declared type is in the catalog").containsAll(handled).containsAll(ignored);
    }
}
