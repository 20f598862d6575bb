package io.opencredit.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.outbox.OutboxRelay;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing on the real broker and PostgreSQL: one trace from an HTTP write through the outbox, the relay's PRODUCER
 * span and the consumer's CONSUMER span to the event the handler derives and its own PRODUCER span (the next hop),
 * each span the child of the one before; and the trace and span ids in the log lines written inside those spans.
 * The spans are collected in memory ({@link CollectedSpans}); the console logs are JSON in this profile, as with
 * {@code OPENCREDIT_JSON_LOGS=true}.
 */
@QuarkusTest
@TestProfile(TracingIT.Collecting.class)
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "tracing"))
class TracingIT {

    public static class Collecting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(CollectedSpans.SWITCH, "true",
                    "quarkus.otel.bsp.schedule.delay", "100ms",
                    "quarkus.log.console.json.enabled", "true");
        }
    }

    /** A caller's span: the HTTP request arrives with it as its W3C traceparent. */
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    @Inject
    InMemorySpanExporter spans;

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void caughtUp() {
        // earlier test classes left records on probe.events that this fresh database applies again: wait for them, so
        // that the test's event is a poll of its own (a span is current for a batch of one)
        Map<Integer, Long> end = new HashMap<>();
        KafkaTestSupport.readRecords(ProbeHandler.TOPIC).forEach(r -> end.merge(r.partition(), r.offset() + 1, Math::max));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<Integer, Long> stored = probePositions();
            return end.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
        relayAll();
        spans.reset();
    }

    @Test
    void one_trace_runs_from_an_http_write_through_the_outbox_relay_and_consumer_to_the_next_hop() {
        UUID subscription = UUID.randomUUID();
        UUID eventId = write(subscription);
        relayAll();
        await().atMost(Duration.ofSeconds(30)).until(() -> applications(eventId) == 1);
        relayAll();

        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/v1/probe/traced"));
        SpanData published = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("probe.events publish")
                && s.getParentSpanId().equals(server.getSpanId()));
        SpanData processed = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER && eventId.toString().equals(s.getAttributes().get(MESSAGE_ID)));
        SpanData nextHop = awaitSpan(s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("probe.derived publish")
                && s.getParentSpanId().equals(processed.getSpanId()));

        assertThat(List.of(server, published, processed, nextHop)).extracting(SpanData::getTraceId).as("one trace")
                .containsOnly(CALLER_TRACE);
        assertThat(server.getParentSpanId()).as("the request continues its caller's trace").isEqualTo(CALLER_SPAN);
        assertThat(processed.getName()).isEqualTo("probe.events process");
        assertThat(processed.getParentSpanId()).as("the consumer's parent is the relay's span").isEqualTo(published.getSpanId());
        assertThat(published.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("messaging.system"), "kafka")
                .containsEntry(AttributeKey.stringKey("messaging.destination.name"), "probe.events")
                .containsEntry(AttributeKey.stringKey("messaging.operation"), "publish")
                .containsEntry(AttributeKey.stringKey("messaging.kafka.message.key"), subscription.toString())
                .containsKey(AttributeKey.longKey("messaging.kafka.message.offset"));
        assertThat(processed.getAttributes().asMap()).containsEntry(AttributeKey.stringKey("messaging.operation"), "process")
                .containsEntry(AttributeKey.stringKey("messaging.kafka.consumer.group"), "runtime-probe.probe");

        ConsumerRecord<byte[], byte[]> record = recordOf(ProbeHandler.TOPIC, r -> eventOf(r).map(e -> e.eventId().equals(eventId)).orElse(false));
        assertThat(KafkaTestSupport.header(record, "traceparent")).as("the record carries the relay's span")
                .isEqualTo("00-" + CALLER_TRACE + "-" + published.getSpanId() + "-01");
        ConsumerRecord<byte[], byte[]> derived = recordOf(ProbeHandler.DERIVED_TOPIC,
                r -> eventOf(r).map(e -> eventId.equals(e.causationId())).orElse(false));
        assertThat(KafkaTestSupport.header(derived, "traceparent")).as("the next hop carries its own relay span")
                .isEqualTo("00-" + CALLER_TRACE + "-" + nextHop.getSpanId() + "-01");
    }

    @Test
    void a_json_log_line_written_inside_a_span_carries_its_trace_and_span_ids() throws Exception {
        Formatter console = consoleFormatter();
        Captured captured = new Captured();
        org.jboss.logmanager.Logger root = LogContext.getLogContext().getLogger("");
        root.addHandler(captured);
        UUID eventId;
        try {
            eventId = write(UUID.randomUUID());
            relayAll();
            await().atMost(Duration.ofSeconds(30)).until(() -> captured.find("probe derived the next hop from " + eventId).isPresent());
        } finally {
            root.removeHandler(captured);
        }
        SpanData server = awaitSpan(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/v1/probe/traced"));
        SpanData processed = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER && eventId.toString().equals(s.getAttributes().get(MESSAGE_ID)));

        ObjectMapper json = new ObjectMapper();
        JsonNode written = json.readTree(console.format(captured.find("traced probe wrote " + eventId).orElseThrow()));
        assertThat(written.path("mdc").path("traceId").asText()).as("the request's line").isEqualTo(server.getTraceId());
        assertThat(written.path("mdc").path("spanId").asText()).isEqualTo(server.getSpanId());
        ExtLogRecord derivedLine = captured.find("probe derived the next hop from " + eventId).orElseThrow();
        JsonNode derived = json.readTree(console.format(derivedLine));
        assertThat(derived.path("mdc").path("traceId").asText()).as("the consumer's line").isEqualTo(processed.getTraceId());
        assertThat(derived.path("mdc").path("spanId").asText()).isEqualTo(processed.getSpanId());

        String plain = new PatternFormatter(ConfigProvider.getConfig().getValue("quarkus.log.console.format", String.class))
                .format(derivedLine);
        assertThat(plain).as("the plain-text console format carries them too")
                .contains(processed.getTraceId()).contains(processed.getSpanId());
    }

    private static UUID write(UUID subscription) {
        return UUID.fromString(given().auth().oauth2(TestTokens.customer("tracer@example.com"))
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .when().post("/api/v1/probe/traced/" + subscription)
                .then().statusCode(200).extract().asString());
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> which) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> spans.getFinishedSpanItems().stream().filter(which).findFirst(), Optional::isPresent).orElseThrow();
    }

    private static ConsumerRecord<byte[], byte[]> recordOf(String topic, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> which) {
        return KafkaTestSupport.readRecordsUntil(topic, records -> records.stream().anyMatch(which), Duration.ofSeconds(30))
                .stream().filter(which).findFirst().orElseThrow();
    }

    private static Optional<EventEnvelope> eventOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Optional.of(KafkaTestSupport.decode(record));
        } catch (RuntimeException notAnEvent) {
            return Optional.empty();
        }
    }

    /** The formatter of the console handler Quarkus configured (JSON in this profile). */
    private static Formatter consoleFormatter() {
        Formatter found = consoleFormatter(LogContext.getLogContext().getLogger("").getHandlers());
        assertThat(found).as("the console handler's formatter").isNotNull();
        return found;
    }

    private static Formatter consoleFormatter(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler nested) {
                Formatter inner = consoleFormatter(nested.getHandlers());
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** Keeps every log record with what it saw of the MDC when it was written. */
    private static final class Captured extends ExtHandler {
        private static final PatternFormatter MESSAGE = new PatternFormatter("%s");
        private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        protected void doPublish(ExtLogRecord record) {
            record.copyAll();
            records.add(record);
        }

        Optional<ExtLogRecord> find(String message) {
            return records.stream().filter(r -> MESSAGE.format(r).contains(message)).findFirst();
        }
    }

    private void relayAll() {
        while (relay.relayOnce(OutboxRelay.FaultPoint.NONE) > 0) {
            // until the outbox is empty
        }
    }

    private long applications(UUID eventId) {
        return count("SELECT count(*) FROM probe_applied WHERE event_id = ?", eventId);
    }

    /** The probe consumer's stored position per partition of its topic. */
    private Map<Integer, Long> probePositions() throws SQLException {
        return ProbeTables.probePositions(dataSource);
    }

    private long count(String sql, UUID parameter) {
        return ProbeTables.count(dataSource, sql, parameter);
    }

}
