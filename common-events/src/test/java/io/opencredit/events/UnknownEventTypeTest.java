package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC F6: a consumer skips an event type it does not know instead of dead-lettering it. The codec tells that case
 * apart: {@link UnknownEventTypeException} for a valid envelope of a type the catalogue lacks, and a plain
 * {@link MalformedEventException} (dead-letter) for everything else, a known type included.
 */
class UnknownEventTypeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A CreditAdded on the wire renamed to a type of a newer producer, with a payload of its own. */
    private static ObjectNode newerEvent() {
        try {
            ObjectNode wire = (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(EventSamples.sample("CreditAdded"))));
            wire.put("type", "CreditGifted");
            wire.put("version", 3);
            ObjectNode payload = wire.putObject("payload");
            payload.put("giftedBy", "reseller-42");
            payload.put("amount", 12.5); // a number where no schema of ours would have one: it is not read
            return wire;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable decoding(JsonNode wire) {
        try {
            return catchThrowable(() -> EventCodec.decode(JSON.writeValueAsBytes(wire)));
        } catch (RuntimeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void F6_a_valid_envelope_of_an_unknown_type_is_signalled_as_unknown_with_its_type_version_and_id() {
        Throwable thrown = decoding(newerEvent());
        assertThat(thrown).isInstanceOf(UnknownEventTypeException.class)
                .isInstanceOf(MalformedEventException.class) // a caller that knows only the old signal still refuses it
                .hasMessageContaining("unknown event type 'CreditGifted'");
        UnknownEventTypeException unknown = (UnknownEventTypeException) thrown;
        assertThat(unknown.type()).isEqualTo("CreditGifted");
        assertThat(unknown.version()).isEqualTo(3);
        assertThat(unknown.eventId()).isEqualTo(EventSamples.EVENT);
    }

    @Test
    void F6_an_unknown_type_may_be_suite_wide_and_carry_no_subscription_or_causation() {
        ObjectNode wire = newerEvent();
        wire.putNull("subscriptionId");
        wire.remove("causationId");
        assertThat(decoding(wire)).isInstanceOf(UnknownEventTypeException.class);
    }

    static Stream<Arguments> brokenEnvelopesOfUnknownTypes() {
        return Stream.of(
                broken("type is a qualified class name", wire -> wire.put("type", "io.opencredit.events.CreditGifted")),
                broken("type is lower case", wire -> wire.put("type", "creditgifted")),
                broken("type is too long", wire -> wire.put("type", "C" + "a".repeat(100))),
                broken("type has a space", wire -> wire.put("type", "Credit Gifted")),
                broken("eventId is missing", wire -> wire.remove("eventId")),
                broken("eventId is no UUID", wire -> wire.put("eventId", "42")),
                broken("version is missing", wire -> wire.remove("version")),
                broken("version is zero", wire -> wire.put("version", 0)),
                broken("version is a string", wire -> wire.put("version", "1")),
                broken("subscriptionId is no UUID", wire -> wire.put("subscriptionId", "acme")),
                broken("causationId is no UUID", wire -> wire.put("causationId", 7)),
                broken("occurredAt is missing", wire -> wire.remove("occurredAt")),
                broken("occurredAt is no instant", wire -> wire.put("occurredAt", "yesterday")),
                broken("producer is blank", wire -> wire.put("producer", " ")),
                broken("payload is missing", wire -> wire.remove("payload")),
                broken("payload is an array", wire -> wire.putArray("payload")));
    }

    private static Arguments broken(String what, Consumer<ObjectNode> breaking) {
        return Arguments.of(what, breaking);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEnvelopesOfUnknownTypes")
    void F6_a_broken_envelope_of_an_unknown_type_is_malformed_and_not_skipped(String what, Consumer<ObjectNode> breaking) {
        ObjectNode wire = newerEvent();
        breaking.accept(wire);
        assertThat(decoding(wire)).as(what).isInstanceOf(MalformedEventException.class)
                .isNotInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void F6_a_known_type_is_never_signalled_as_unknown_even_in_a_version_this_reader_cannot_read() throws IOException {
        ObjectNode newerVersion = (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(EventSamples.sample("CreditAdded"))));
        newerVersion.put("version", 2);
        assertThat(decoding(newerVersion)).isInstanceOf(MalformedEventException.class)
                .isNotInstanceOf(UnknownEventTypeException.class).hasMessageContaining("unsupported version 2 of CreditAdded");

        ObjectNode brokenPayload = (ObjectNode) JSON.readTree(EventCodec.encode(EventSamples.envelope(EventSamples.sample("CreditAdded"))));
        ((ObjectNode) brokenPayload.get("payload")).remove("tokenId");
        assertThat(decoding(brokenPayload)).isInstanceOf(MalformedEventException.class)
                .isNotInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void F6_every_type_of_the_catalog_decodes() {
        EventSamples.allSamples().forEach(sample -> assertThat(EventCodec.decode(EventCodec.encode(EventSamples.envelope(sample))).payload())
                .isEqualTo(sample));
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"CreditGifted\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNotInstanceOf(UnknownEventTypeException.class);
    }
}
