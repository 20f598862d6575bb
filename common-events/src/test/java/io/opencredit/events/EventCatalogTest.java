package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The catalogue is the list of published types: exactly what the sealed {@link EventPayload} permits. */
class EventCatalogTest {

    @Test
    void catalog_lists_exactly_the_types_event_payload_permits() {
        assertThat(EventPayload.class.isSealed()).isTrue();
        assertThat(EventCatalog.payloadClasses())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventPayload.class.getPermittedSubclasses())
                        .<Class<? extends EventPayload>>map(c -> c.asSubclass(EventPayload.class)).toList())
                .hasSize(27);
    }

    @Test
    void catalog_payload_classes_follow_the_descriptors_in_order() {
        assertThat(EventCatalog.payloadClasses())
                .containsExactlyElementsOf(EventCatalog.all().stream().map(EventCatalog.Descriptor::payloadClass).toList());
    }
}
