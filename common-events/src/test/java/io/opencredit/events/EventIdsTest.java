package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void ids_are_version_7_with_the_rfc_variant() {
        UUID id = EventIds.next();
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void ids_carry_their_millisecond_and_sort_by_it() {
        UUID earlier = EventIds.at(1_700_000_000_000L);
        UUID later = EventIds.at(1_700_000_000_001L);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_700_000_000_000L);
        // PostgreSQL orders uuid bytewise: the same as comparing the two halves unsigned
        assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
        assertThat(earlier.toString().compareTo(later.toString())).isNegative();
    }

    @Test
    void ids_of_one_millisecond_do_not_repeat() {
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ids.add(EventIds.at(1_700_000_000_000L));
        }
        assertThat(ids).hasSize(200_000);
    }
}
