package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.events.CloudEventsHeaders.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC F6: every record carries the CloudEvents 1.0 binary-mode headers of the Kafka protocol binding beside the
 * envelope, computed the same from an envelope and from the bytes the codec wrote of it.
 */
class CloudEventsHeadersTest {

    private static final UUID EVENT = UUID.fromString("0190a5f2-7c1e-7d3a-9b4c-5d6e7f8091a2");
    private static final UUID SUBSCRIPTION = UUID.fromString("0b0c1d2e-3f40-4152-8364-75869708a9ba");

    static List<EventPayload> samples() {
        return EventSamples.allSamples().toList();
    }

    @Test
    void F6_an_event_gets_exactly_the_binary_mode_headers_in_order() {
        EventEnvelope envelope = new EventEnvelope(EVENT, "TokenExpired", 1, SUBSCRIPTION,
                Instant.parse("2026-03-01T10:15:30.123456Z"), Producers.LEDGER, null, EventSamples.sample("TokenExpired"));

        assertThat(CloudEventsHeaders.of(envelope)).containsExactly(
                new Header("ce_specversion", "1.0"),
                new Header("ce_id", "0190a5f2-7c1e-7d3a-9b4c-5d6e7f8091a2"),
                new Header("ce_type", "io.opencredit.TokenExpired.v1"),
                new Header("ce_source", "/opencredit/ledger-service"),
                new Header("ce_time", "2026-03-01T10:15:30.123456Z"),
                new Header("ce_subject", "0b0c1d2e-3f40-4152-8364-75869708a9ba"),
                new Header("content-type", "application/json"));
    }

    @Test
    void F6_a_suite_wide_event_has_no_subject_and_whole_seconds_are_written_without_a_fraction() {
        EventEnvelope clock = new EventEnvelope(EVENT, "ClockAdvanced", 1, null, Instant.parse("2026-03-01T10:15:30Z"),
                Producers.LEDGER, null, EventSamples.sample("ClockAdvanced"));

        assertThat(CloudEventsHeaders.of(clock)).extracting(Header::name)
                .containsExactly("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time", "content-type");
        assertThat(CloudEventsHeaders.of(clock)).contains(new Header("ce_time", "2026-03-01T10:15:30Z"),
                new Header("ce_type", "io.opencredit.ClockAdvanced.v1"));
    }

    @Test
    void F6_header_values_are_utf8_bytes_of_their_text() {
        Header source = new Header("ce_source", "/opencredit/ærlig-service");
        assertThat(source.value()).isEqualTo("/opencredit/ærlig-service".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void F6_headers_read_from_the_encoded_value_equal_those_of_the_envelope(EventPayload sample) throws Exception {
        EventEnvelope envelope = EventSamples.envelope(sample);
        byte[] payloadJson = EventCodec.mapper().writeValueAsBytes(sample);

        assertThat(CloudEventsHeaders.ofEncoded(EventCodec.encode(envelope))).isEqualTo(CloudEventsHeaders.of(envelope));
        assertThat(CloudEventsHeaders.ofEncoded(EventCodec.encode(envelope, payloadJson))).isEqualTo(CloudEventsHeaders.of(envelope));
    }

    @Test
    void F6_headers_do_not_depend_on_the_order_or_spelling_of_the_envelope_fields() {
        String value = "{\"payload\":{\"nested\":{\"eventId\":\"not this one\"}},\"producer\":\"billing-gateway\","
                + "\"occurredAt\":\"2026-03-01T11:15:30+01:00\",\"subscriptionId\":\"" + SUBSCRIPTION + "\","
                + "\"version\":1,\"type\":\"UsageRecorded\",\"eventId\":\"" + EVENT + "\"}";

        assertThat(CloudEventsHeaders.ofEncoded(value.getBytes(StandardCharsets.UTF_8))).containsExactly(
                new Header("ce_specversion", "1.0"),
                new Header("ce_id", EVENT.toString()),
                new Header("ce_type", "io.opencredit.UsageRecorded.v1"),
                new Header("ce_source", "/opencredit/billing-gateway"),
                new Header("ce_time", "2026-03-01T10:15:30Z"),
                new Header("ce_subject", SUBSCRIPTION.toString()),
                new Header("content-type", "application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{}", "{\"eventId\":\"42\",\"type\":\"X\",\"version\":1}",
            "{\"eventId\":\"0190a5f2-7c1e-7d3a-9b4c-5d6e7f8091a2\",\"type\":\"X\",\"version\":\"1\",\"producer\":\"p\",\"occurredAt\":\"2026-03-01T10:15:30Z\"}",
            "{\"eventId\":\"0190a5f2-7c1e-7d3a-9b4c-5d6e7f8091a2\",\"type\":\"X\",\"version\":1,\"producer\":\"p\",\"occurredAt\":\"noon\"}"})
    void F6_a_value_that_is_not_an_envelope_gets_no_headers(String value) {
        assertThatThrownBy(() -> CloudEventsHeaders.ofEncoded(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
    }
}
