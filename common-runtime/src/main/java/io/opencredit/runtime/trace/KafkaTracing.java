package io.opencredit.runtime.trace;

import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The Kafka hops of a trace, which pass through the outbox: the relay publishes each record under a PRODUCER span
 * ({@code <topic> publish}) whose parent is the span that wrote the outbox row ({@link TraceContext}), and sends that
 * span as the record's {@code traceparent}; a consumer applies each record under a CONSUMER span
 * ({@code <topic> process}) whose parent is that header, so the events its handler writes continue the trace.
 *
 * <p>One span per record on both sides, not one per batch with links: a batch span would start a trace of its own and
 * break the chain from a request to the events it caused at every hop. Measured, a span with its traceparent costs
 * a few tenths of a microsecond of CPU on each side, against some thirty for taking in or folding an event.
 * Attribute names as OpenTelemetry's Kafka instrumentation writes them.
 */
@ApplicationScoped
public class KafkaTracing {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.message.offset");
    static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.kafka.consumer.group");

    private final Tracer tracer;

    public KafkaTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Starts the PRODUCER span of a record the relay is about to send, a child of the outbox row's {@code traceparent}
     * (a new trace without one), and puts the span into the record's {@code traceparent} header. The returned callback
     * ends the span with the broker's answer.
     */
    public Callback publishing(ProducerRecord<String, byte[]> record, String storedTraceparent) {
        SpanContext writer = TraceContext.parse(storedTraceparent);
        Context parent = writer.isValid() ? Context.root().with(Span.wrap(writer)) : Context.root();
        Span span = tracer.spanBuilder(record.topic() + " publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(parent)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION, "publish")
                .setAttribute(KEY, record.key())
                .startSpan();
        SpanContext published = span.getSpanContext();
        if (published.isValid()) {
            record.headers().remove(TraceContext.HEADER);
            record.headers().add(TraceContext.HEADER, TraceContext.format(published).getBytes(StandardCharsets.UTF_8));
        }
        return (metadata, failure) -> {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, failure.toString());
            } else if (metadata != null) {
                span.setAttribute(PARTITION, String.valueOf(metadata.partition()));
                span.setAttribute(OFFSET, metadata.offset());
            }
            span.end();
        };
    }

    /**
     * Runs a handler over a batch of consumed events, each under its own CONSUMER span, a child of the record's
     * {@code traceparent}. Events the handler writes take the span of the event that caused them as their parent
     * ({@link TraceContext#forEvent}); a batch of one also makes its span current (logs carry its ids). A failure
     * marks every span of the batch as failed (the exception itself is recorded on the first, not copied into
     * thousands): the batch is tried again as a whole, then smaller, under new spans.
     */
    public void process(String consumerGroup, List<ConsumedEvent> events, Map<UUID, String> traceparents, Runnable handler) {
        Map<UUID, SpanContext> byEvent = new HashMap<>(events.size() * 2);
        Span[] spans = new Span[events.size()];
        for (int i = 0; i < spans.length; i++) {
            ConsumedEvent event = events.get(i);
            UUID eventId = event.envelope().eventId();
            spans[i] = consumerSpan(consumerGroup, event.topic(), event.partition(), event.offset(), event.envelope().key(),
                    traceparents.get(eventId)).setAttribute(MESSAGE_ID, eventId.toString()).startSpan();
            byEvent.put(eventId, spans[i].getSpanContext());
        }
        runUnder(spans, work -> TraceContext.withBatch(byEvent, work), handler);
    }

    /**
     * Runs a handler over consumed records that are no suite events (the gateway's usage intake, which meters outside
     * the suite publish), each under its own CONSUMER span, a child of the record's {@code traceparent} header when it
     * has one. An event the handler writes takes the span of the record it was made from: the record whose
     * {@code recordKeys} entry (e.g. its usage id) is {@code keyOf} the event.
     */
    public void processRecords(String consumerGroup, List<ConsumerRecord<byte[], byte[]>> records, List<String> recordKeys,
                               Function<EventEnvelope, String> keyOf, Runnable handler) {
        Map<String, SpanContext> byKey = new HashMap<>(records.size() * 2);
        Span[] spans = new Span[records.size()];
        for (int i = 0; i < spans.length; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            Header header = record.headers().lastHeader(TraceContext.HEADER);
            spans[i] = consumerSpan(consumerGroup, record.topic(), record.partition(), record.offset(),
                    record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                    header == null ? null : new String(header.value(), StandardCharsets.UTF_8)).startSpan();
            if (recordKeys.get(i) != null) {
                byKey.put(recordKeys.get(i), spans[i].getSpanContext());
            }
        }
        runUnder(spans, work -> TraceContext.withWriters(event -> {
            String key = keyOf.apply(event);
            return key == null ? null : byKey.get(key);
        }, work), handler);
    }

    private SpanBuilder consumerSpan(String consumerGroup, String topic, int partition, long offset, String key, String traceparent) {
        SpanContext producer = TraceContext.parse(traceparent);
        Context parent = producer.isValid() ? Context.root().with(Span.wrap(producer)) : Context.root();
        return tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process")
                .setAttribute(PARTITION, String.valueOf(partition))
                .setAttribute(OFFSET, offset)
                .setAttribute(KEY, key)
                .setAttribute(CONSUMER_GROUP, consumerGroup);
    }

    /**
     * Runs {@code handler} inside {@code writers} (which names the span that wrote each event), a batch of one with its
     * span current, then ends the spans; a failure marks them all.
     */
    private static void runUnder(Span[] spans, Consumer<Runnable> writers, Runnable handler) {
        Scope current = spans.length == 1 ? spans[0].makeCurrent() : Scope.noop();
        try {
            writers.accept(handler);
        } catch (RuntimeException | Error e) {
            for (Span span : spans) {
                span.setStatus(StatusCode.ERROR, e.toString());
            }
            if (spans.length > 0) {
                spans[0].recordException(e);
            }
            throw e;
        } finally {
            current.close();
            for (Span span : spans) {
                span.end();
            }
        }
    }
}
