package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The codec's rates on one {@code UsageRecorded}, the suite's most frequent event: a benchmark, not a test (it asserts
 * nothing about time). It also times the alternative to {@code EventCodec.RawJson}, Jackson's raw value as a string,
 * which is why that one hand-written part stays. Runs only when asked for:
 *
 * <pre>
 * ./mvnw -o -pl common-events test -Dtest=EventCodecBenchmark -Dopencredit.bench=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "opencredit.bench", matches = "true")
class EventCodecBenchmark {

    private static final int EVENTS = Integer.getInteger("opencredit.bench.events", 500_000);
    private static final int ROUNDS = Integer.getInteger("opencredit.bench.rounds", 10);

    /** What a prewritten payload costs without a raw value of bytes: the same envelope, its payload as a string. */
    @JsonPropertyOrder({"eventId", "type", "version", "subscriptionId", "occurredAt", "producer", "causationId", "payload"})
    record StringPayloadEnvelope(UUID eventId, String type, int version, UUID subscriptionId, Instant occurredAt,
                                 String producer, UUID causationId, @JsonRawValue String payload) {
    }

    @Test
    void codec_rates() throws Exception {
        EventEnvelope envelope = EventSamples.envelope(EventSamples.sample("UsageRecorded"));
        byte[] payloadJson = EventCodec.mapper().writeValueAsBytes(envelope.payload());
        byte[] encoded = EventCodec.encode(envelope);
        ObjectWriter stringPayload = EventCodec.mapper().writerFor(StringPayloadEnvelope.class);
        Supplier<byte[]> alternative = () -> {
            try {
                return stringPayload.writeValueAsBytes(new StringPayloadEnvelope(envelope.eventId(), envelope.type(),
                        envelope.version(), envelope.subscriptionId(), envelope.occurredAt(), envelope.producer(),
                        envelope.causationId(), new String(payloadJson, StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(EventCodec.encode(envelope, payloadJson)).isEqualTo(encoded);
        assertThat(alternative.get()).isEqualTo(encoded);

        for (int round = 1; round <= ROUNDS; round++) {
            double encode = microsPerEvent(() -> EventCodec.encode(envelope));
            double prewritten = microsPerEvent(() -> EventCodec.encode(envelope, payloadJson));
            double viaString = microsPerEvent(alternative);
            double decode = microsPerEvent(() -> {
                EventCodec.decode(encoded);
                return encoded;
            });
            double headers = microsPerEvent(() -> {
                CloudEventsHeaders.ofEncoded(encoded);
                return encoded;
            });
            System.out.printf("round %2d: encode %.2f µs, encode with prewritten payload %.2f µs (as a string: %.2f µs),"
                    + " decode %.2f µs, CloudEvents headers of the encoded value %.2f µs per UsageRecorded%n",
                    round, encode, prewritten, viaString, decode, headers);
        }
    }

    private static double microsPerEvent(Supplier<byte[]> work) {
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            bytes += work.get().length;
        }
        long elapsed = System.nanoTime() - start;
        if (bytes == 42) {
            System.out.println(Arrays.toString(new long[] {bytes})); // keeps the work from being optimised away
        }
        return elapsed / 1_000.0 / EVENTS;
    }
}
