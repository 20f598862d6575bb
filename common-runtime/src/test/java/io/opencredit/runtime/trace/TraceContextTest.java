package io.opencredit.runtime.trace;

import io.opencredit.events.ClockAdvanced;
import io.opencredit.events.EventEnvelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/** The traceparent an outbox row stores: which span wrote the event, and the W3C text of a span. */
class TraceContextTest {

    private static final SpanContext REQUEST = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());
    private static final SpanContext CONSUMED = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
            TraceFlags.getDefault(), TraceState.getDefault());

    @Test
    void a_span_is_written_as_a_w3c_traceparent_and_read_back() {
        assertThat(TraceContext.format(REQUEST)).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(TraceContext.format(CONSUMED)).endsWith("-00");
        SpanContext read = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(read.getTraceId()).isEqualTo(REQUEST.getTraceId());
        assertThat(read.getSpanId()).isEqualTo(REQUEST.getSpanId());
        assertThat(read.isSampled()).isTrue();
        assertThat(read.isRemote()).isTrue();
    }

    @Test
    void what_is_no_traceparent_reads_as_no_span() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String span = "00f067aa0ba902b7";
        for (String broken : new String[] {null, "", "01-" + trace + "-" + span + "-01", "00-" + trace.toUpperCase(java.util.Locale.ROOT) + "-" + span + "-01",
                "00-" + trace + "-" + span, "00-" + "0".repeat(32) + "-" + span + "-01", "00-" + trace + "-" + "0".repeat(16) + "-01",
                "00-" + trace + "-" + span + "-0g", "00-" + trace + "-" + span + "-01-", "00_" + trace + "-" + span + "-01",
                "00-" + trace.substring(1) + "x-" + span + "-01"}) {
            assertThat(TraceContext.parse(broken).isValid()).as(String.valueOf(broken)).isFalse();
            assertThat(TraceContext.isValid(broken)).as(String.valueOf(broken)).isFalse();
        }
    }

    @Test
    void an_event_takes_the_span_of_the_consumed_event_that_caused_it_else_the_current_span_else_none() {
        UUID cause = UUID.randomUUID();
        assertThat(TraceContext.forEvent(causedBy(cause))).as("outside any span").isNull();
        AtomicReference<String> derived = new AtomicReference<>();
        AtomicReference<String> other = new AtomicReference<>();
        Scope request = Span.wrap(REQUEST).makeCurrent();
        try {
            assertThat(TraceContext.forEvent(causedBy(null))).isEqualTo(TraceContext.format(REQUEST));
            TraceContext.withBatch(Map.of(cause, CONSUMED), () -> {
                derived.set(TraceContext.forEvent(causedBy(cause)));
                other.set(TraceContext.forEvent(causedBy(UUID.randomUUID())));
            });
        } finally {
            request.close();
        }
        assertThat(derived.get()).as("caused by a consumed event").isEqualTo(TraceContext.format(CONSUMED));
        assertThat(other.get()).as("caused by something else").isEqualTo(TraceContext.format(REQUEST));
        assertThat(TraceContext.forEvent(causedBy(cause))).as("the batch is over").isNull();
    }

    @Test
    void an_event_made_from_a_raw_record_takes_the_span_the_writers_name_for_it() {
        EventEnvelope fromRecord = causedBy(null);
        AtomicReference<String> named = new AtomicReference<>();
        AtomicReference<String> unnamed = new AtomicReference<>();
        TraceContext.withWriters(event -> event.eventId().equals(fromRecord.eventId()) ? CONSUMED : null, () -> {
            named.set(TraceContext.forEvent(fromRecord));
            unnamed.set(TraceContext.forEvent(causedBy(null)));
        });
        assertThat(named.get()).isEqualTo(TraceContext.format(CONSUMED));
        assertThat(unnamed.get()).as("no writer and no current span").isNull();
    }

    private static EventEnvelope causedBy(UUID causationId) {
        return EventEnvelope.of(null, new ClockAdvanced(Duration.ofHours(1), Duration.ofHours(1), Instant.EPOCH), "ledger-service",
                causationId, Instant.EPOCH);
    }
}
