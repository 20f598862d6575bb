package io.opencredit.runtime.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.events.Producers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

    private static final UUID A = UUID.fromString("0b0e8f6c-3d5a-4c1e-9a53-1f2e3d4c5b6a");
    private static final UUID B = UUID.fromString("7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f");

    @Test
    void R2_a_token_reads_back_as_written() {
        Map<UUID, Frontier> frontiers = new LinkedHashMap<>();
        frontiers.put(A, new Frontier(2, 5, 9, 0));
        frontiers.put(B, new Frontier(1, 0, 0, 3));
        ConsistencyToken token = new ConsistencyToken(frontiers);

        assertThat(token.toString()).isEqualTo("1:" + A + "=2.5.9.0," + B + "=1.0.0.3");
        assertThat(ConsistencyToken.parse(token.toString())).isEqualTo(token);
        assertThat(ConsistencyToken.parse("1:")).isEqualTo(ConsistencyToken.EMPTY);
    }

    @Test
    void R2_several_tokens_joined_by_commas_ask_for_the_latest_of_each_subscription() {
        ConsistencyToken joined = ConsistencyToken.parse("1:" + A + "=2.0.0.0, 1:" + A + "=1.4.0.0,1:,1:" + B + "=0.0.1.0");

        assertThat(joined.frontiers()).containsEntry(A, new Frontier(2, 4, 0, 0)).containsEntry(B, new Frontier(0, 0, 1, 0));
    }

    @Test
    void R2_anything_but_a_token_is_refused_with_a_reason() {
        assertThatThrownBy(() -> ConsistencyToken.parse("2:" + A + "=1.0.0.0")).hasMessageContaining("start with");
        assertThatThrownBy(() -> ConsistencyToken.parse("1:not-a-uuid=1.0.0.0")).hasMessageContaining("subscription id");
        assertThatThrownBy(() -> ConsistencyToken.parse("1:" + A + "=1.0.0")).hasMessageContaining("four counts");
        assertThatThrownBy(() -> ConsistencyToken.parse("1:" + A + "=1.0.0.-1")).hasMessageContaining("not a count");
        assertThatThrownBy(() -> ConsistencyToken.parse("1:" + A + "=01.0.0.0")).hasMessageContaining("not a count");
        assertThatThrownBy(() -> ConsistencyToken.parse("1:" + A + "=1.0.0.99999999999999999999")).hasMessageContaining("not a count");
        assertThatThrownBy(() -> ConsistencyToken.parse("1:" + "x".repeat(20_000))).hasMessageContaining("longer");
        StringBuilder many = new StringBuilder("1:");
        for (int i = 0; i <= ConsistencyToken.MAX_SUBSCRIPTIONS; i++) {
            many.append(i == 0 ? "" : ",").append(new UUID(0x1000, i)).append("=1.0.0.0");
        }
        assertThatThrownBy(() -> ConsistencyToken.parse(many.toString())).hasMessageContaining("more than");
    }

    @Test
    void R2_a_frontier_covers_another_when_no_count_the_reader_can_learn_is_behind() {
        Frontier local = new Frontier(3, 5, 7, 0);

        assertThat(local.covers(new Frontier(3, 5, 7, 0), Producers.LEDGER)).isTrue();
        assertThat(local.covers(new Frontier(1, 2, 3, 0), Producers.LEDGER)).isTrue();
        assertThat(local.covers(new Frontier(4, 0, 0, 0), Producers.LEDGER)).isFalse();
        assertThat(local.covers(new Frontier(0, 6, 0, 0), Producers.ACTIVATION)).isFalse();
        assertThat(local.covers(new Frontier(0, 0, 8, 0), Producers.BILLING)).isFalse();
        // no service reads alerting.events: only the alerting service itself compares its own count
        assertThat(local.covers(new Frontier(0, 0, 0, 4), Producers.LEDGER)).isTrue();
        assertThat(local.covers(new Frontier(0, 0, 0, 4), Producers.ALERTING)).isFalse();
        assertThat(local.merge(new Frontier(1, 9, 2, 4))).isEqualTo(new Frontier(3, 9, 7, 4));
    }

    @Test
    void R2_the_answer_of_a_repeated_request_names_its_subscription() {
        record Answer(UUID subscriptionId, String other) {
        }
        record Unrelated(String subscriptionId) {
        }
        assertThat(ConsistencyFilters.subscriptionNamedBy(new Answer(A, "x"))).contains(A);
        assertThat(ConsistencyFilters.subscriptionNamedBy(new Unrelated("nope"))).isEmpty();
        assertThat(ConsistencyFilters.subscriptionNamedBy(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("subscriptionId", B.toString()))).contains(B);
        assertThat(ConsistencyFilters.subscriptionNamedBy(null)).isEmpty();
    }
}
