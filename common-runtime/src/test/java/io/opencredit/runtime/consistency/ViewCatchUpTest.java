package io.opencredit.runtime.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** SPEC R1: when a view has applied everything a partition holds, so an unknown subscription is a true 404. */
class ViewCatchUpTest {

    @Test
    void R1_a_consumer_without_a_position_is_caught_up_with_a_partition_that_never_held_a_record() {
        assertThat(ViewCatchUp.caughtUp(-1, 0, 0)).isTrue();
    }

    @Test
    void R1_a_consumer_without_a_position_is_caught_up_with_a_partition_whose_records_all_expired() {
        assertThat(ViewCatchUp.caughtUp(-1, 42, 42)).isTrue();
    }

    @Test
    void R1_a_consumer_without_a_position_is_behind_a_partition_that_holds_records() {
        assertThat(ViewCatchUp.caughtUp(-1, 0, 1)).isFalse();
        assertThat(ViewCatchUp.caughtUp(-1, 41, 42)).isFalse();
    }

    @Test
    void R1_a_stored_position_is_caught_up_only_at_or_past_the_end() {
        assertThat(ViewCatchUp.caughtUp(41, 0, 42)).isFalse();
        assertThat(ViewCatchUp.caughtUp(42, 0, 42)).isTrue();
        assertThat(ViewCatchUp.caughtUp(0, 0, 0)).isTrue();
    }

    @Test
    void R1_the_partition_looked_at_is_the_one_the_producer_writes_the_subscriptions_events_to() {
        for (int i = 0; i < 200; i++) {
            UUID id = UUID.randomUUID();
            for (int partitions : new int[] {1, 3, 12}) {
                assertThat(ViewCatchUp.partitionOf(id, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(id.toString().getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
