package io.opencredit.runtime;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.events.CloudEventsHeaders;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.outbox.OutboxRelay;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outbox and the idempotent consumer against a real broker and PostgreSQL: the delivery
 * guarantees every service builds on (foundation issue, "Done when").
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "runtime"))
class OutboxAndInboxIT {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private static EventEnvelope anEvent() {
        return EventEnvelope.of(UUID.randomUUID(), new CoAdministratorAdded("reseller@example.com", "admin@example.com"),
                "runtime-probe", null, Instant.now());
    }

    @Test
    void outbox_events_of_a_rolled_back_transaction_are_never_published() {
        EventEnvelope event = anEvent();
        QuarkusTransaction.begin();
        outbox.append(ProbeHandler.TOPIC, event);
        QuarkusTransaction.rollback();

        assertThat(outboxRows()).isZero();
        assertThat(relay.relayOnce(OutboxRelay.FaultPoint.NONE)).isZero();

        EventEnvelope marker = anEvent();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, marker));
        relayAll();
        List<EventEnvelope> published = KafkaTestSupport.readEventsUntil(ProbeHandler.TOPIC,
                events -> events.stream().anyMatch(e -> e.eventId().equals(marker.eventId())), Duration.ofSeconds(30));
        assertThat(published).noneMatch(e -> e.eventId().equals(event.eventId()));
    }

    @Test
    void outbox_relay_killed_between_publish_and_mark_republishes_and_the_consumer_applies_once() {
        EventEnvelope event = anEvent();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, event));

        assertThatThrownBy(() -> relay.relayOnce(OutboxRelay.FaultPoint.AFTER_PUBLISH_BEFORE_MARK))
                .isInstanceOf(OutboxRelay.InjectedFault.class);
        assertThat(outboxRows()).as("rows stay until the broker acknowledged and they were marked").isEqualTo(1);
        relayAll();
        assertThat(outboxRows()).isZero();

        List<EventEnvelope> published = KafkaTestSupport.readEventsUntil(ProbeHandler.TOPIC,
                events -> events.stream().filter(e -> e.eventId().equals(event.eventId())).count() == 2, Duration.ofSeconds(30));
        assertThat(published.stream().filter(e -> e.eventId().equals(event.eventId()))).hasSize(2);

        await().atMost(Duration.ofSeconds(30)).until(() -> applications(event.eventId()) >= 1);
        // a later event on the same partition proves the duplicate was read past, not still pending
        EventEnvelope later = new EventEnvelope(UUID.randomUUID(), event.type(), event.version(), event.subscriptionId(),
                Instant.now(), event.producer(), null, event.payload());
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, later));
        relayAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(later.eventId()) == 1);
        assertThat(applications(event.eventId())).isEqualTo(1);
    }

    @Test
    void a_large_batch_is_one_outbox_row_and_its_events_are_published_in_order_with_their_keys() {
        Instant before = Instant.now();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<EventEnvelope> events = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(EventEnvelope.of(i % 2 == 0 ? first : second, new CoAdministratorAdded("reseller@example.com",
                    "admin" + i + "@example.com"), "runtime-probe", null, Instant.now()));
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.appendAll(ProbeHandler.TOPIC, events));
        assertThat(outboxRows()).as("one bundle row").isEqualTo(1);

        relayAll();
        assertThat(outboxRows()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.readRecordsUntil(ProbeHandler.TOPIC,
                read -> read.stream().filter(r -> isOneOf(r, events)).count() == 40, Duration.ofSeconds(30));
        for (UUID key : List.of(first, second)) {
            List<UUID> expected = events.stream().filter(e -> e.subscriptionId().equals(key)).map(EventEnvelope::eventId).toList();
            List<UUID> published = records.stream().filter(r -> isOneOf(r, events))
                    .filter(r -> key.toString().equals(new String(r.key(), StandardCharsets.UTF_8)))
                    .map(r -> EventCodec.decode(r.value()).eventId()).toList();
            assertThat(published).as("per key, in the order written").containsExactlyElementsOf(expected);
        }
        assertThat(records.stream().filter(r -> isOneOf(r, events)))
                .allMatch(r -> "CoAdministratorAdded".equals(new String(r.headers().lastHeader("opencredit.event-type").value(),
                        StandardCharsets.UTF_8)));
        // issue 20: each record says when its outbox row was written (epoch µs), at or before the relay sent it
        assertThat(records.stream().filter(r -> isOneOf(r, events))).allSatisfy(r -> {
            long writtenAt = Long.parseLong(new String(r.headers().lastHeader(OutboxRelay.WRITTEN_AT_HEADER).value(), StandardCharsets.UTF_8));
            assertThat(writtenAt).isBetween(before.toEpochMilli() * 1000, r.timestamp() * 1000 + 999);
        });
    }

    /** Whether the record is one of these events (the topic also holds other tests' records, malformed ones too). */
    private static boolean isOneOf(ConsumerRecord<byte[], byte[]> record, List<EventEnvelope> events) {
        UUID id;
        try {
            id = EventCodec.decode(record.value()).eventId();
        } catch (RuntimeException notAnEvent) {
            return false;
        }
        return events.stream().anyMatch(e -> e.eventId().equals(id));
    }

    @Test
    void malformed_record_goes_to_the_dlq_and_the_next_valid_record_is_still_processed() {
        EventEnvelope valid = anEvent();
        String key = valid.key();
        KafkaTestSupport.produceRaw(ProbeHandler.TOPIC, key, "{not json".getBytes(StandardCharsets.UTF_8));
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, valid));
        relayAll();

        await().atMost(Duration.ofSeconds(30)).until(() -> applications(valid.eventId()) == 1);
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecordsUntil(Topics.dlq(ProbeHandler.TOPIC),
                records -> records.stream().anyMatch(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8))),
                Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> record = dead.stream()
                .filter(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(new String(record.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .startsWith("not JSON");
    }

    @Test
    void F6_an_unknown_event_type_is_skipped_and_counted_and_relayed_records_carry_their_cloudevents_headers() {
        EventEnvelope valid = anEvent();
        String key = valid.key();
        String unknown = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"CreditGifted\",\"version\":1,"
                + "\"subscriptionId\":\"" + key + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"producer\":\"a-newer-service\","
                + "\"causationId\":null,\"payload\":{\"amount\":\"1.00\"}}";
        double skippedBefore = unknownTypeCount();
        KafkaTestSupport.produceRaw(ProbeHandler.TOPIC, key, unknown.getBytes(StandardCharsets.UTF_8));
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, valid));
        relayAll();

        // the valid event behind it on the same partition is applied: the unknown one was passed, and counted as skipped
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(valid.eventId()) == 1);
        assertThat(unknownTypeCount()).isEqualTo(skippedBefore + 1);

        ConsumerRecord<byte[], byte[]> relayed = KafkaTestSupport.readRecordsUntil(ProbeHandler.TOPIC,
                        records -> records.stream().anyMatch(r -> isOneOf(r, List.of(valid))), Duration.ofSeconds(30))
                .stream().filter(r -> isOneOf(r, List.of(valid))).findFirst().orElseThrow();
        Map<String, String> headers = KafkaTestSupport.headers(relayed);
        for (CloudEventsHeaders.Header header : CloudEventsHeaders.of(valid)) {
            assertThat(headers).containsEntry(header.name(), header.text());
        }
        assertThat(headers).containsEntry("ce_id", valid.eventId().toString()).containsEntry("ce_subject", key);
    }

    private double unknownTypeCount() {
        return registry.find("opencredit.events.unknown-type").tag("type", "CreditGifted").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void trace_context_is_carried_to_the_events_derived_from_a_consumed_event() {
        EventEnvelope input = EventEnvelope.of(UUID.randomUUID(), new CoAdministratorAdded("reseller@example.com", ProbeHandler.DERIVE),
                "runtime-probe", null, Instant.now());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        KafkaTestSupport.produceRaw(ProbeHandler.TOPIC, input.key(), io.opencredit.events.EventCodec.encode(input),
                java.util.Map.of("traceparent", traceparent));
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(input.eventId()) == 1);
        relayAll();

        List<ConsumerRecord<byte[], byte[]>> derived = KafkaTestSupport.readRecordsUntil(ProbeHandler.DERIVED_TOPIC,
                records -> records.stream().anyMatch(r -> input.key().equals(new String(r.key(), StandardCharsets.UTF_8))),
                Duration.ofSeconds(30));
        ConsumerRecord<byte[], byte[]> next = derived.stream()
                .filter(r -> input.key().equals(new String(r.key(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
        String carried = new String(next.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertThat(carried).as("same trace, new parent span")
                .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").doesNotContain("00f067aa0ba902b7").endsWith("-01");
    }

    /**
     * A database restored to a point before its last acknowledged commits (a backup, a replica behind) loses the
     * effects of batches the consumer has read past. The consumer notices that the stored position is not the
     * one it wrote, seeks back to it and applies those events again, instead of carrying on from memory.
     */
    @Test
    void a_database_that_lost_an_acknowledged_batch_makes_the_consumer_read_it_again() throws SQLException {
        EventEnvelope first = anEvent();
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, first));
        relayAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(first.eventId()) == 1);
        // warm up the partition, then remember its stored position (the batch with `lost` will be undone back to it)
        java.util.Map<Integer, Long> before = probePositions();
        EventEnvelope lost = new EventEnvelope(UUID.randomUUID(), first.type(), first.version(), first.subscriptionId(),
                Instant.now(), first.producer(), null, first.payload());
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, lost));
        relayAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(lost.eventId()) == 1);
        java.util.Map<Integer, Long> after = probePositions();
        int partition = after.keySet().stream().filter(p -> !after.get(p).equals(before.get(p))).findFirst().orElseThrow();

        // the commit of that batch is lost: its effect, its processed id and its position, as one transaction would be
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM probe_applied WHERE event_id = ?");
                 PreparedStatement processed = connection.prepareStatement("DELETE FROM oc_processed_event WHERE event_id = ?");
                 PreparedStatement position = connection.prepareStatement("UPDATE oc_consumer_position SET next_offset = ? "
                         + "WHERE consumer LIKE '%.probe' AND topic = ? AND kafka_partition = ?")) {
                delete.setObject(1, lost.eventId());
                delete.executeUpdate();
                processed.setObject(1, lost.eventId());
                processed.executeUpdate();
                position.setLong(1, before.get(partition));
                position.setString(2, ProbeHandler.TOPIC);
                position.setInt(3, partition);
                assertThat(position.executeUpdate()).isEqualTo(1);
            }
            connection.commit();
        }
        assertThat(applications(lost.eventId())).isZero();

        EventEnvelope next = new EventEnvelope(UUID.randomUUID(), first.type(), first.version(), first.subscriptionId(),
                Instant.now(), first.producer(), null, first.payload());
        QuarkusTransaction.requiringNew().run(() -> outbox.append(ProbeHandler.TOPIC, next));
        relayAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(next.eventId()) == 1);
        assertThat(applications(lost.eventId())).as("the lost batch is applied again").isEqualTo(1);
        assertThat(applications(first.eventId())).as("what the database kept is not applied twice").isEqualTo(1);
    }

    /** The probe consumer's stored position per partition of its topic. */
    private java.util.Map<Integer, Long> probePositions() throws SQLException {
        return ProbeTables.probePositions(dataSource);
    }

    private void relayAll() {
        while (relay.relayOnce(OutboxRelay.FaultPoint.NONE) > 0) {
            // until the outbox is empty
        }
    }

    private long outboxRows() {
        return count("SELECT count(*) FROM oc_outbox", null);
    }

    private long applications(UUID eventId) {
        return count("SELECT count(*) FROM probe_applied WHERE event_id = ?", eventId);
    }

    private long count(String sql, UUID parameter) {
        return ProbeTables.count(dataSource, sql, parameter);
    }
}
