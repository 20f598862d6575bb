package io.opencredit.runtime.trace;

import io.opencredit.events.EventEnvelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The W3C {@code traceparent} an outbox row stores, so that the relay can publish the event under a span whose
 * parent is the span that wrote it (the trace crosses the outbox, which OpenTelemetry's context cannot). The span
 * that wrote it is the consumed event's CONSUMER span when the event was derived from one (matched by causation id;
 * for the gateway's usage intake, whose records are no events, by the record the event was made from:
 * {@link KafkaTracing#process}), else OpenTelemetry's current span (an HTTP request's SERVER span, made by Quarkus).
 */
public final class TraceContext {

    /** The W3C header, on HTTP requests (read by Quarkus) and on every Kafka record the relay publishes. */
    public static final String HEADER = "traceparent";
    /** Which CONSUMER span wrote an event, while a handler applies a batch: the span of what caused it. */
    private static final ThreadLocal<Function<EventEnvelope, SpanContext>> WRITERS = new ThreadLocal<>();

    private TraceContext() {
    }

    /**
     * The traceparent to store with {@code event}: the CONSUMER span of what caused it when a batch is being applied
     * ({@link #withWriters}), else the current span; null when no span is known.
     */
    public static String forEvent(EventEnvelope event) {
        Function<EventEnvelope, SpanContext> writers = WRITERS.get();
        SpanContext writer = writers != null ? writers.apply(event) : null;
        if (writer == null) {
            writer = Span.current().getSpanContext();
        }
        return writer.isValid() ? format(writer) : null;
    }

    /** Runs {@code work} with the CONSUMER spans of a batch of suite events, keyed by event id: a derived event's cause. */
    static void withBatch(Map<UUID, SpanContext> spans, Runnable work) {
        withWriters(event -> event.causationId() == null ? null : spans.get(event.causationId()), work);
    }

    /** Runs {@code work} with {@code writers} naming the CONSUMER span that wrote each event (null: none of the batch). */
    static void withWriters(Function<EventEnvelope, SpanContext> writers, Runnable work) {
        Function<EventEnvelope, SpanContext> outer = WRITERS.get();
        WRITERS.set(writers);
        try {
            work.run();
        } finally {
            if (outer == null) {
                WRITERS.remove();
            } else {
                WRITERS.set(outer);
            }
        }
    }

    public static boolean isValid(String traceparent) {
        return parse(traceparent).isValid();
    }

    /** {@code 00-<trace id>-<span id>-<flags>}: the span as a parent of the next one. */
    public static String format(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * The remote span a traceparent of version 00 names ({@code 00-<32 hex>-<16 hex>-<2 hex>}, lower case, ids not all
     * zero), or {@link SpanContext#getInvalid()}. Read on every consumed record and published row, so without a regex:
     * OpenTelemetry checks the ids.
     */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-") || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-' || !lowerHex(traceparent.charAt(53)) || !lowerHex(traceparent.charAt(54))) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(traceparent.substring(3, 35), traceparent.substring(36, 52),
                TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
    }

    private static boolean lowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
