package io.opencredit.ledger.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.events.CreditConsumed;
import io.opencredit.events.Money;
import io.opencredit.ledger.domain.AlertRuleRemoved;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.runtime.compress.Lz4Blocks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommitCodecTest {

    private static final Instant AT = Instant.parse("2026-05-01T08:00:00.000001Z");

    @Test
    void a_commit_reads_back_each_fact_at_its_version_with_id_cause_time_and_payload() {
        UUID first = UUID.randomUUID();
        UUID cause = UUID.randomUUID();
        LedgerFact consumed = new LedgerFact(AT, new CreditConsumed("u-1", UUID.randomUUID(), Money.of("1.50", "EUR"), Money.of("8.50", "EUR")));
        LedgerFact internal = new LedgerFact(AT.plusSeconds(1), new AlertRuleRemoved(2));
        CommitCodec.Writer writer = new CommitCodec.Writer(2)
                .add(first, consumed.type(), consumed.at(), cause, FactCodec.writeBytes(consumed.payload()))
                .add(UUID.randomUUID(), internal.type(), internal.at(), null, FactCodec.writeBytes(internal.payload()));

        List<CommitCodec.Read> read = CommitCodec.read(writer.toBytes(), 41);

        assertThat(read).extracting(CommitCodec.Read::version).containsExactly(41L, 42L);
        assertThat(read.get(0).eventId()).isEqualTo(first);
        assertThat(read.get(0).causationId()).isEqualTo(cause);
        assertThat(read.get(1).causationId()).isNull();
        assertThat(read).extracting(CommitCodec.Read::fact).containsExactly(consumed, internal);
    }

    @Test
    void one_writer_writes_a_batch_of_commits_each_holding_only_its_own_facts() {
        CommitCodec.Writer writer = new CommitCodec.Writer(1);
        LedgerFact first = new LedgerFact(AT, new AlertRuleRemoved(1));
        LedgerFact second = new LedgerFact(AT, new AlertRuleRemoved(2));

        byte[] one = writer.add(UUID.randomUUID(), first.type(), first.at(), null, FactCodec.writeBytes(first.payload())).toBytes();
        byte[] two = writer.add(UUID.randomUUID(), second.type(), second.at(), null, FactCodec.writeBytes(second.payload())).toBytes();

        assertThat(CommitCodec.read(one, 1)).extracting(CommitCodec.Read::fact).containsExactly(first);
        assertThat(CommitCodec.read(two, 9)).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(9);
            assertThat(r.fact()).isEqualTo(second);
        });
        assertThat(writer.count()).isZero();
    }

    @Test
    void a_plain_commit_as_migrated_is_read_whatever_the_order_of_its_fields() {
        String json = "[{\"payload\":{\"alertNumber\":3},\"type\":\"AlertRuleRemoved\",\"causationId\":null,"
                + "\"occurredAt\":\"2026-05-01T08:00:00.000001Z\",\"eventId\":\"" + UUID.randomUUID() + "\"}]";

        List<CommitCodec.Read> read = CommitCodec.read(json.getBytes(StandardCharsets.UTF_8), 7);

        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo(7);
            assertThat(r.fact()).isEqualTo(new LedgerFact(AT, new AlertRuleRemoved(3)));
        });
    }

    @Test
    void a_commit_is_stored_as_the_json_array_the_codec_documents_compressed() {
        UUID id = UUID.randomUUID();
        UUID cause = UUID.randomUUID();
        byte[] stored = new CommitCodec.Writer(2)
                .add(id, "AlertRuleRemoved", AT, null, FactCodec.writeBytes(new AlertRuleRemoved(2)))
                .add(id, "AlertRuleRemoved", AT, cause, FactCodec.writeBytes(new AlertRuleRemoved(3))).toBytes();

        assertThat(stored[0]).isEqualTo(CommitCodec.LZ4);
        assertThat(new String(Lz4Blocks.decompress(stored), StandardCharsets.UTF_8)).isEqualTo("["
                + "{\"eventId\":\"" + id + "\",\"type\":\"AlertRuleRemoved\",\"occurredAt\":\"2026-05-01T08:00:00.000001Z\","
                + "\"causationId\":null,\"payload\":{\"alertNumber\":2}},"
                + "{\"eventId\":\"" + id + "\",\"type\":\"AlertRuleRemoved\",\"occurredAt\":\"2026-05-01T08:00:00.000001Z\","
                + "\"causationId\":\"" + cause + "\",\"payload\":{\"alertNumber\":3}}]");
    }

    @Test
    void what_is_not_a_commit_is_refused_not_misread() {
        assertThatThrownBy(() -> CommitCodec.read(new byte[] {9, 1, 2}, 1)).hasMessageContaining("unknown commit format 9");
        assertThatThrownBy(() -> CommitCodec.read("[{\"type\":\"AlertRuleRemoved\"}]".getBytes(StandardCharsets.UTF_8), 1))
                .hasMessageContaining("lacks");
        assertThatThrownBy(() -> new CommitCodec.Writer(1).add(UUID.randomUUID(), "Credit\",\"x", AT, null, new byte[] {'{', '}'}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void F2_a_fact_keeps_its_effective_time_and_one_stored_without_is_read_by_its_own_times() {
        Instant usedAt = AT.minusSeconds(3600);
        LedgerFact consumed = new LedgerFact(AT, new CreditConsumed("u-1", UUID.randomUUID(), Money.of("1.50", "EUR"), Money.of("8.50", "EUR")));
        byte[] stored = new CommitCodec.Writer(2)
                .add(UUID.randomUUID(), consumed.type(), consumed.at(), usedAt, null, FactCodec.writeBytes(consumed.payload()))
                .add(UUID.randomUUID(), consumed.type(), consumed.at(), null, FactCodec.writeBytes(consumed.payload())).toBytes();

        assertThat(new String(Lz4Blocks.decompress(stored), StandardCharsets.UTF_8))
                .contains("\"occurredAt\":\"2026-05-01T08:00:00.000001Z\",\"effectiveAt\":\"2026-05-01T07:00:00.000001Z\",");
        assertThat(CommitCodec.read(stored, 1)).extracting(CommitCodec.Read::effectiveAt).containsExactly(usedAt, AT);
    }
}
