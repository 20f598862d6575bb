package io.opencredit.alerting.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.opencredit.alerting.persistence.Directory;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * F5 on real infrastructure: the API on the service, events on the embedded broker, the delivery log in PostgreSQL and
 * a real HTTP receiver on loopback ({@link Receiver}) that verifies every signature independently ({@link ReceiverVerifier}).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class WebhooksIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String ENDPOINTS = "/api/v1/webhooks/endpoints";

    @Inject
    Directory directory;

    @Inject
    AgroalDataSource dataSource;

    // ---- registration and access ----

    @Test
    void F5_an_endpoint_is_registered_listed_and_removed_by_its_owner_only() {
        String owner = unique("owner");
        UUID subscription = subscription(owner);
        String token = TestTokens.customer(owner);

        JsonPath created = register(token, "http://127.0.0.1:9/hook", List.of("CreditConsumed", "BalanceChanged"), subscription);
        String id = created.getString("id");
        assertThat(created.getString("secret")).startsWith("whsec_");
        assertThat(created.getList("eventTypes", String.class)).containsExactly("BalanceChanged", "CreditConsumed");

        // the secret is never shown again
        given().auth().oauth2(token).get(ENDPOINTS + "/{id}", id).then().statusCode(200)
                .body("url", equalTo("http://127.0.0.1:9/hook")).body("secret", nullValue());
        given().auth().oauth2(token).get(ENDPOINTS).then().statusCode(200)
                .body("items.id", hasItem(id)).body("items[0].secret", nullValue());

        // another caller sees nothing of it: 404 alike for foreign, unknown and malformed ids
        String stranger = TestTokens.customer(unique("stranger"));
        given().auth().oauth2(stranger).get(ENDPOINTS).then().statusCode(200).body("items.id", not(hasItem(id)));
        for (String path : List.of(ENDPOINTS + "/" + id, ENDPOINTS + "/" + id + "/deliveries", ENDPOINTS + "/" + UUID.randomUUID(),
                ENDPOINTS + "/not-a-uuid")) {
            given().auth().oauth2(stranger).get(path).then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(stranger).delete(ENDPOINTS + "/{id}", id).then().statusCode(404);
        given().auth().oauth2(stranger).post(ENDPOINTS + "/{id}/secret", id).then().statusCode(404);

        // roles: meters may not; no token is 401
        given().auth().oauth2(TestTokens.meter()).get(ENDPOINTS).then().statusCode(403);
        given().get(ENDPOINTS).then().statusCode(401);

        given().auth().oauth2(token).delete(ENDPOINTS + "/{id}", id).then().statusCode(204);
        given().auth().oauth2(token).get(ENDPOINTS + "/{id}", id).then().statusCode(404);
    }

    @Test
    void F5_bad_registrations_get_a_problem_and_change_nothing() {
        String owner = unique("careless");
        UUID subscription = subscription(owner);
        String token = TestTokens.customer(owner);
        String url = "http://127.0.0.1:9/hook";

        List<Map<String, Object>> bad = List.of(
                Map.of("url", url, "eventTypes", List.of("NoSuchEvent")),
                Map.of("url", url, "eventTypes", List.of()),
                Map.of("url", url, "eventTypes", List.of("NotificationSent")), // not on a topic webhooks follow
                Map.of("url", "ftp://127.0.0.1/x", "eventTypes", List.of("CreditConsumed")),
                Map.of("url", "not a url", "eventTypes", List.of("CreditConsumed")),
                Map.of("url", url, "eventTypes", List.of("CreditConsumed"), "subscriptionId", "not-a-uuid"));
        for (Map<String, Object> body : bad) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(ENDPOINTS)
                    .then().statusCode(422).contentType("application/problem+json");
        }
        // a subscription the caller does not administer, or none at all, is 404 alike
        for (UUID foreign : List.of(subscription(unique("other")), UUID.randomUUID())) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("url", url, "eventTypes", List.of("CreditConsumed"), "subscriptionId", foreign.toString()))
                    .post(ENDPOINTS).then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{").post(ENDPOINTS).then().statusCode(400);
        given().auth().oauth2(token).get(ENDPOINTS).then().statusCode(200).body("items.size()", equalTo(0));
        // the owner may name its own subscription; an operator any
        register(token, url, List.of("CreditConsumed"), subscription);
        register(TestTokens.operator(), url, List.of("CreditConsumed"), UUID.randomUUID());
    }

    @Test
    void F5_lists_are_paged_by_cursor_with_a_stated_maximum() {
        String owner = unique("pager");
        String token = TestTokens.reseller(owner);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(register(token, "http://127.0.0.1:9/hook" + i, List.of("CreditConsumed"), null).getString("id"));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = given().auth().oauth2(token).queryParam("limit", 2);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonPath page = request.get(ENDPOINTS).then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.getList("items.id", String.class));
            after = page.getString("next");
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        given().auth().oauth2(token).queryParam("limit", 501).get(ENDPOINTS).then().statusCode(400).body("type", endsWith("invalid-limit"));
        given().auth().oauth2(token).queryParam("limit", 0).get(ENDPOINTS).then().statusCode(400).body("type", endsWith("invalid-limit"));
        given().auth().oauth2(token).queryParam("after", "x").get(ENDPOINTS).then().statusCode(400).body("type", endsWith("invalid-cursor"));
        given().auth().oauth2(token).queryParam("after", "7").get(ENDPOINTS).then().statusCode(400).body("type", endsWith("invalid-cursor"));
    }

    // ---- deliveries ----

    @Test
    void F5_deliveries_are_signed_so_the_receiver_verifies_them() {
        try (Receiver receiver = Receiver.started()) {
            String owner = unique("verifier");
            UUID subscription = subscription(owner);
            JsonPath endpoint = register(TestTokens.customer(owner), receiver.url("/hook"), List.of("CreditConsumed"), subscription);
            String secret = endpoint.getString("secret");
            EventEnvelope event = consumed(subscription, "u-1");
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, event);

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            Receiver.Request request = receiver.accepted().get(0);
            assertThat(request.id()).isEqualTo(event.eventId().toString());
            assertThat(ReceiverVerifier.verify(secret, request.id(), request.timestamp(), request.body(), request.signature(),
                    Instant.now())).as("signature verifies").isTrue();
            assertThat(ReceiverVerifier.verify(StandardWebhooks.newSecret(), request.id(), request.timestamp(), request.body(),
                    request.signature(), Instant.now())).as("and only with the endpoint's secret").isFalse();
            // the body is the event's envelope, as on Kafka
            assertThat(EventCodec.decode(request.body())).isEqualTo(event);
            await().atMost(PATIENCE).untilAsserted(() -> given().auth().oauth2(TestTokens.customer(owner))
                    .get(ENDPOINTS + "/{id}/deliveries", endpoint.getString("id")).then().statusCode(200)
                    .body("items[0].status", equalTo("DELIVERED")).body("items[0].lastStatusCode", equalTo(200))
                    .body("items[0].eventId", equalTo(event.eventId().toString())).body("items[0].attempts", equalTo(1)));
        }
    }

    /** The relay publishes at least once: the same event read again adds no delivery (keyed by event id). */
    @Test
    void F5_a_repeated_event_is_delivered_once() {
        try (Receiver receiver = Receiver.started()) {
            String owner = unique("twice");
            UUID subscription = subscription(owner);
            String token = TestTokens.customer(owner);
            String endpoint = register(token, receiver.url("/twice"), List.of("CreditConsumed"), subscription).getString("id");
            EventEnvelope event = consumed(subscription, "u-twice");
            EventEnvelope next = consumed(subscription, "u-next");
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, event, event);
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, event, next);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 2);
            Sleep.quietly(Duration.ofSeconds(2));
            assertThat(receiver.accepted()).extracting(Receiver.Request::id)
                    .containsExactly(event.eventId().toString(), next.eventId().toString());
            assertThat(deliveries(token, endpoint).getList("items")).hasSize(2);
        }
    }

    @Test
    void F5_deliveries_keep_order_per_subscription_and_are_retried_while_the_receiver_is_down() {
        try (Receiver receiver = Receiver.started()) {
            String operator = TestTokens.operator(unique("ops"));
            List<UUID> subscriptions = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
            String endpoint = register(operator, receiver.url("/ordered"), List.of("CreditConsumed"), null).getString("id");
            // subscriptions the endpoint does not care about stay out of the way of these
            receiver.answer(503);
            Map<UUID, List<String>> published = new java.util.LinkedHashMap<>();
            for (int round = 0; round < 6; round++) {
                for (UUID subscription : subscriptions) {
                    EventEnvelope event = consumed(subscription, "u-" + round);
                    published.computeIfAbsent(subscription, s -> new ArrayList<>()).add(event.eventId().toString());
                    KafkaTestSupport.produce(Topics.LEDGER_EVENTS, event);
                }
                if (round == 2) {
                    // answered 503 so far; now the receiver is gone altogether (connection refused)
                    await().atMost(PATIENCE).until(() -> receiver.requests().size() >= 3);
                    receiver.stop();
                }
            }
            Sleep.quietly(Duration.ofSeconds(2));
            JsonPath log = deliveries(operator, endpoint);
            assertThat(log.getList("items.status", String.class)).doesNotContain("DELIVERED");
            assertThat(log.getList("items.attempts", Integer.class)).anyMatch(attempts -> attempts > 1);

            receiver.answer(200);
            receiver.start();
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 18);
            Sleep.quietly(Duration.ofSeconds(1));
            List<Receiver.Request> accepted = receiver.accepted();
            assertThat(accepted).hasSize(18);
            for (UUID subscription : subscriptions) {
                List<String> arrived = accepted.stream().map(Receiver.Request::id)
                        .filter(published.get(subscription)::contains).toList();
                assertThat(arrived).as("order of subscription %s", subscription).containsExactlyElementsOf(published.get(subscription));
            }
            // before the outage ended, no later event of a subscription was tried before its predecessor was delivered
            List<String> tried = receiver.requests().stream().map(Receiver.Request::id).toList();
            for (UUID subscription : subscriptions) {
                List<String> order = published.get(subscription);
                List<String> triedHere = tried.stream().filter(order::contains).distinct().toList();
                assertThat(triedHere).containsExactlyElementsOf(order);
            }
            assertThat(deliveries(operator, endpoint).getList("items.status", String.class)).containsOnly("DELIVERED");
            remove(operator, endpoint);
        }
    }

    @Test
    void F5_a_delivery_is_redelivered_by_hand_with_the_same_webhook_id() {
        try (Receiver receiver = Receiver.started()) {
            String owner = unique("again");
            UUID subscription = subscription(owner);
            String token = TestTokens.customer(owner);
            JsonPath endpoint = register(token, receiver.url("/again"), List.of("CreditConsumed"), subscription);
            EventEnvelope event = consumed(subscription, "u-again");
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, event);
            await().atMost(PATIENCE).until(() -> deliveries(token, endpoint.getString("id")).getList("items.status").contains("DELIVERED"));
            String delivery = deliveries(token, endpoint.getString("id")).getString("items[0].id");
            String redeliver = ENDPOINTS + "/{id}/deliveries/{delivery}/redeliver";

            given().auth().oauth2(token).post(redeliver, endpoint.getString("id"), delivery).then().statusCode(202);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted()).extracting(Receiver.Request::id).containsExactly(event.eventId().toString(),
                    event.eventId().toString());
            Receiver.Request again = receiver.accepted().get(1);
            assertThat(ReceiverVerifier.verify(endpoint.getString("secret"), again.id(), again.timestamp(), again.body(),
                    again.signature(), Instant.now())).isTrue();
            await().atMost(PATIENCE).until(() -> deliveries(token, endpoint.getString("id")).getList("items.status").contains("DELIVERED"));

            given().auth().oauth2(token).post(redeliver, endpoint.getString("id"), UUID.randomUUID()).then().statusCode(404);
            given().auth().oauth2(TestTokens.customer(unique("thief"))).post(redeliver, endpoint.getString("id"), delivery)
                    .then().statusCode(404);
        }
    }

    @Test
    void F5_after_a_rotation_both_signatures_are_sent_and_each_verifies() {
        try (Receiver receiver = Receiver.started()) {
            String owner = unique("rotor");
            UUID subscription = subscription(owner);
            String token = TestTokens.customer(owner);
            JsonPath endpoint = register(token, receiver.url("/rotate"), List.of("CreditConsumed"), subscription);
            String old = endpoint.getString("secret");
            JsonPath rotated = given().auth().oauth2(token).post(ENDPOINTS + "/{id}/secret", endpoint.getString("id"))
                    .then().statusCode(200).body("secret", startsWith("whsec_")).extract().jsonPath();
            String fresh = rotated.getString("secret");
            assertThat(fresh).isNotEqualTo(old);
            assertThat(Instant.parse(rotated.getString("previousSecretValidUntil"))).isAfter(Instant.now().plus(Duration.ofHours(23)));

            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, consumed(subscription, "u-rotate"));
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            Receiver.Request request = receiver.accepted().get(0);
            assertThat(request.signature().split(" ")).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
            for (String secret : List.of(old, fresh)) {
                assertThat(ReceiverVerifier.verify(secret, request.id(), request.timestamp(), request.body(), request.signature(),
                        Instant.now())).isTrue();
            }
            // once the overlap is over, only the new secret signs
            try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(
                    "UPDATE webhook_endpoint SET previous_secret_until = clock_timestamp() - interval '1 second' WHERE id = ?")) {
                update.setObject(1, UUID.fromString(endpoint.getString("id")));
                update.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, consumed(subscription, "u-rotate-2"));
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 2);
            Receiver.Request later = receiver.accepted().get(1);
            assertThat(later.signature().split(" ")).hasSize(1);
            assertThat(ReceiverVerifier.verify(fresh, later.id(), later.timestamp(), later.body(), later.signature(), Instant.now())).isTrue();
            assertThat(ReceiverVerifier.verify(old, later.id(), later.timestamp(), later.body(), later.signature(), Instant.now())).isFalse();
        }
    }

    @Test
    void F5_an_endpoint_without_subscription_gets_only_the_subscriptions_its_owner_administers() {
        try (Receiver mine = Receiver.started(); Receiver operators = Receiver.started()) {
            String owner = unique("wide");
            UUID own = subscription(owner);
            UUID foreign = subscription(unique("neighbour"));
            String customer = TestTokens.customer(owner);
            String operator = TestTokens.operator(unique("ops"));
            String mineId = register(customer, mine.url("/all"), List.of("CreditConsumed"), null).getString("id");
            String operatorsId = register(operator, operators.url("/all"), List.of("CreditConsumed"), null).getString("id");

            EventEnvelope ownEvent = consumed(own, "u-own");
            EventEnvelope foreignEvent = consumed(foreign, "u-foreign");
            // a subscription the directory has not read yet: decided when it is sent, once it is known
            UUID late = UUID.randomUUID();
            EventEnvelope lateEvent = consumed(late, "u-late");
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, ownEvent, foreignEvent, lateEvent);
            Sleep.quietly(Duration.ofSeconds(2));
            createSubscription(late, owner);

            await().atMost(PATIENCE).until(() -> operators.accepted().size() >= 3 && mine.accepted().size() >= 2);
            Sleep.quietly(Duration.ofSeconds(1));
            assertThat(mine.accepted()).extracting(Receiver.Request::id)
                    .containsExactlyInAnyOrder(ownEvent.eventId().toString(), lateEvent.eventId().toString());
            assertThat(operators.accepted()).extracting(Receiver.Request::id).contains(ownEvent.eventId().toString(),
                    foreignEvent.eventId().toString(), lateEvent.eventId().toString());
            remove(customer, mineId);
            remove(operator, operatorsId);
        }
    }

    /**
     * What a kill -9 of the service leaves behind, then the sender resumes (as after a restart): a delivery whose 2xx
     * was recorded (DELIVERED) is never sent again; one cut off inside the HTTP exchange (SENDING, its lease run out)
     * is sent again with the same webhook-id, which is Standard Webhooks' idempotency contract; the ones behind it
     * follow in order, each once.
     */
    @Test
    void F5_a_delivered_event_is_never_sent_again_and_one_cut_off_mid_request_is_resent_with_the_same_webhook_id() throws Exception {
        try (Receiver receiver = Receiver.started()) {
            String owner = unique("crash");
            UUID subscription = subscription(owner);
            String token = TestTokens.customer(owner);
            String endpoint = register(token, receiver.url("/crash"), List.of("CreditConsumed"), subscription).getString("id");
            List<EventEnvelope> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(consumed(subscription, "u-crash-" + i));
            }
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, events.get(0), events.get(1));
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 2);
            // the third is answered 2xx by the receiver but the service "dies" before recording it: SENDING, lease over
            receiver.answer(503);
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, events.get(2), events.get(3), events.get(4));
            UUID third = WebhookStore.deliveryId(UUID.fromString(endpoint), events.get(2).eventId());
            await().atMost(PATIENCE).until(() -> cutOffMidRequest(third));
            receiver.answer(200);

            await().atMost(PATIENCE).until(() -> receiver.accepted().size() >= 5);
            Sleep.quietly(Duration.ofSeconds(2));
            assertThat(receiver.accepted()).extracting(Receiver.Request::id).containsExactlyElementsOf(
                    events.stream().map(e -> e.eventId().toString()).toList());
            assertThat(deliveries(token, endpoint).getList("items.status", String.class)).containsOnly("DELIVERED");
        }
    }

    /** 24 h of retries, then FAILED: the queue moves on to the next event, which waited until then. */
    @Test
    void F5_a_delivery_is_given_up_after_its_retry_window_and_the_queue_moves_on() throws Exception {
        try (Receiver receiver = Receiver.started()) {
            String owner = unique("patient");
            UUID subscription = subscription(owner);
            String token = TestTokens.customer(owner);
            String endpoint = register(token, receiver.url("/patient"), List.of("CreditConsumed"), subscription).getString("id");
            receiver.answer(500);
            EventEnvelope first = consumed(subscription, "u-first");
            EventEnvelope second = consumed(subscription, "u-second");
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, first, second);
            await().atMost(PATIENCE).until(() -> receiver.requests().size() >= 2);
            // the second waits behind the first while it is retried
            assertThat(receiver.requests()).extracting(Receiver.Request::id).containsOnly(first.eventId().toString());
            // the first's 24 hours are over (its window moved into the past)
            try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(
                    "UPDATE webhook_delivery SET give_up_at = clock_timestamp() - interval '1 second' WHERE id = ?")) {
                update.setObject(1, WebhookStore.deliveryId(UUID.fromString(endpoint), first.eventId()));
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            await().atMost(PATIENCE).until(() -> deliveries(token, endpoint).getList("items.status").contains("FAILED"));
            receiver.answer(200);
            await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
            assertThat(receiver.accepted().get(0).id()).isEqualTo(second.eventId().toString());
            JsonPath log = deliveries(token, endpoint);
            assertThat(log.getList("items.eventId", String.class)).containsExactly(first.eventId().toString(), second.eventId().toString());
            assertThat(log.getList("items.status", String.class)).containsExactly("FAILED", "DELIVERED");
            assertThat(log.getInt("items[0].lastStatusCode")).isEqualTo(500);
            assertThat(log.getInt("items[0].attempts")).isGreaterThan(1);
        }
    }

    /** Puts a PENDING delivery into the state a crash mid-request leaves: SENDING with its lease run out. */
    private boolean cutOffMidRequest(UUID delivery) throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE webhook_delivery SET status = 'SENDING', lease_until = clock_timestamp() - interval '1 second' "
                        + "WHERE id = ? AND status = 'PENDING'")) {
            update.setObject(1, delivery);
            return update.executeUpdate() == 1;
        }
    }

    // ---- helpers ----

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static EventEnvelope consumed(UUID subscription, String usageId) {
        return EventEnvelope.of(subscription, new CreditConsumed(usageId, UUID.randomUUID(), Money.of("1.50", "EUR"),
                Money.of("98.50", "EUR")), Producers.LEDGER, UUID.randomUUID(), Instant.now());
    }

    /** A subscription administered by {@code admin}, once the service's directory knows it. */
    UUID subscription(String admin) {
        UUID id = UUID.randomUUID();
        createSubscription(id, admin);
        return id;
    }

    void createSubscription(UUID id, String admin) {
        Instant now = Instant.now();
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id,
                new SubscriptionCreated("Contoso", "DE", "public", "EUR", admin, LocalDate.of(2020, 1, 15), "en", admin, now),
                Producers.ACTIVATION, null, now));
        await().atMost(PATIENCE).until(() -> QuarkusTransaction.requiringNew().call(() -> directory.find(id).isPresent()));
    }

    static JsonPath register(String token, String url, List<String> types, UUID subscription) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", url, "eventTypes", types));
        if (subscription != null) {
            body.put("subscriptionId", subscription.toString());
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post(ENDPOINTS)
                .then().statusCode(201).extract().jsonPath();
    }

    /** Endpoints that receive every subscription's events are removed after their test, to spare the later ones. */
    static void remove(String token, String endpoint) {
        given().auth().oauth2(token).delete(ENDPOINTS + "/{id}", endpoint).then().statusCode(204);
    }

    static JsonPath deliveries(String token, String endpoint) {
        return given().auth().oauth2(token).get(ENDPOINTS + "/{id}/deliveries", endpoint).then().statusCode(200).extract().jsonPath();
    }
}
