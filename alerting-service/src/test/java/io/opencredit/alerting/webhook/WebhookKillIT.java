package io.opencredit.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * F5 across a real kill -9: the packaged service ({@code target/quarkus-app}) runs as its own process against the test
 * kit's broker and a fresh database, a receiver on loopback counts what it accepts, and the process is killed with
 * SIGKILL and started again. Between deliveries nothing is sent twice; in the middle of a stream, a repeat can only be a
 * request the kill cut off, sent again with the same webhook-id and body.
 */
class WebhookKillIT {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

    private Process service;
    private Map<String, String> environment;
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void F5_the_receiver_sees_every_event_once_across_a_kill_between_deliveries_and_only_cut_off_requests_again_mid_stream()
            throws Exception {
        assertThat(APP).as("the packaged service (mvn package)").exists();
        RealInfrastructure.ensureStarted(false);
        try (Receiver receiver = Receiver.started()) {
            start();
            String operator = TestTokens.operator(WebhooksIT.unique("kill"));
            api(operator).contentType(ContentType.JSON)
                    .body(Map.of("url", receiver.url("/kill"), "eventTypes", List.of("CreditConsumed")))
                    .post(WebhooksIT.ENDPOINTS).then().statusCode(201);
            List<UUID> subscriptions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            Map<UUID, List<String>> order = new LinkedHashMap<>();

            // 1. between deliveries: everything delivered and recorded, then kill -9, restart, more events
            publish(subscriptions, 30, order);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 30 && allDelivered(operator, 30));
            kill();
            start();
            publish(subscriptions, 30, order);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 60);
            Sleep.quietly(Duration.ofSeconds(3));
            List<String> accepted = ids(receiver.accepted());
            assertThat(accepted).as("every event once: nothing recorded as delivered is sent again").hasSize(60)
                    .doesNotHaveDuplicates();
            assertInOrder(accepted, order);

            // 2. mid-stream: the receiver is slow, the service is killed while requests are in flight
            receiver.delay(Duration.ofMillis(30));
            publish(subscriptions, 60, order);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 80);
            kill();
            start();
            await().atMost(PATIENCE).until(() -> new LinkedHashSet<>(ids(receiver.accepted())).size() >= 120);
            Sleep.quietly(Duration.ofSeconds(3));
            List<Receiver.Request> all = receiver.accepted();
            List<String> ids = ids(all);
            Set<String> distinct = new LinkedHashSet<>(ids);
            assertThat(distinct).hasSize(120);
            Map<String, List<Receiver.Request>> byId = all.stream().collect(Collectors.groupingBy(Receiver.Request::id));
            List<String> repeated = byId.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
            // a repeat is a request the kill cut off: at most one per request in flight, same id and body
            assertThat(repeated.size()).as("repeats %s", repeated).isLessThanOrEqualTo(8);
            for (String id : repeated) {
                assertThat(byId.get(id)).extracting(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).containsOnly(
                        new String(byId.get(id).get(0).body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertInOrder(new ArrayList<>(distinct), order);
            System.out.println("F5 kill -9 mid-stream: " + repeated.size() + " of 60 events sent again with the same webhook-id");
        }
    }

    private void publish(List<UUID> subscriptions, int count, Map<UUID, List<String>> order) {
        EventEnvelope[] events = new EventEnvelope[count];
        for (int i = 0; i < count; i++) {
            UUID subscription = subscriptions.get(i % subscriptions.size());
            events[i] = WebhooksIT.consumed(subscription, "kill-" + UUID.randomUUID());
            order.computeIfAbsent(subscription, s -> new ArrayList<>()).add(events[i].eventId().toString());
        }
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, events);
    }

    /** Each subscription's events arrived (first time) in the order they were published. */
    private static void assertInOrder(List<String> arrived, Map<UUID, List<String>> order) {
        for (List<String> published : order.values()) {
            List<String> expected = published.stream().filter(arrived::contains).toList();
            assertThat(arrived.stream().filter(published::contains).toList()).containsExactlyElementsOf(expected);
        }
    }

    private static List<String> ids(List<Receiver.Request> requests) {
        return requests.stream().map(Receiver.Request::id).toList();
    }

    private boolean allDelivered(String operator, int count) {
        String endpoint = api(operator).get(WebhooksIT.ENDPOINTS).then().extract().jsonPath().getString("items[0].id");
        List<String> statuses = api(operator).queryParam("limit", 500).get(WebhooksIT.ENDPOINTS + "/{id}/deliveries", endpoint)
                .then().extract().jsonPath().getList("items.status", String.class);
        return statuses.size() >= count && statuses.stream().allMatch("DELIVERED"::equals);
    }

    private RequestSpecification api(String token) {
        return RestAssured.given().baseUri("http://localhost").port(port).auth().oauth2(token);
    }

    // ---- the service as a process ----

    private void start() throws IOException {
        if (environment == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            environment = new HashMap<>();
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            environment.put("OPENCREDIT_UNSAFE_DEV_MODE", "true"); // the committed JWT key; local webhook targets
            environment.put("OPENCREDIT_JWT_PUBLIC_KEY_LOCATION", "opencredit/dev/jwt-public.pem");
            // its own consumer groups, apart from the in-JVM service of the other tests on the same broker
            environment.put("OPENCREDIT_SERVICE_NAME", "alerting-kill-" + UUID.randomUUID().toString().substring(0, 8));
            environment.put("OPENCREDIT_KAFKA_BOOTSTRAP", RealInfrastructure.kafkaBootstrap());
            environment.put("OPENCREDIT_DB_URL", RealInfrastructure.freshDatabase("alerting_kill"));
            environment.put("OPENCREDIT_DB_USER", RealInfrastructure.jdbcUser());
            environment.put("OPENCREDIT_DB_PASSWORD", RealInfrastructure.jdbcPassword());
            environment.put("OPENCREDIT_ALERTING_SENDER_ENABLED", "false"); // no SMTP server here: no emails
            environment.put("OPENCREDIT_WEBHOOKS_SENDER_POLL", "100ms");
            environment.put("OPENCREDIT_WEBHOOKS_SENDER_INITIAL_BACKOFF", "200ms");
            environment.put("OPENCREDIT_WEBHOOKS_SENDER_MAX_BACKOFF", "1s");
            // a request cut off by the kill is sent again when this runs out
            environment.put("OPENCREDIT_WEBHOOKS_SENDER_REQUEST_TIMEOUT", "2s");
            environment.put("OPENCREDIT_WEBHOOKS_SENDER_LEASE", "5s");
        }
        File log = Files.createDirectories(Path.of("target/webhook-kill")).resolve("alerting.log").toFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-jar", APP.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().putAll(environment);
        service = builder.start();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(service.isAlive()).as("the service process runs (see %s)", log).isTrue();
            try {
                return RestAssured.given().baseUri("http://localhost").port(port).get("/q/health/ready").statusCode() == 200;
            } catch (Exception e) { // not listening yet (RestAssured rethrows the checked ConnectException)
                return false;
            }
        });
    }

    /** SIGKILL: the service dies at once, wherever it was. */
    private void kill() throws InterruptedException {
        service.destroyForcibly();
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
