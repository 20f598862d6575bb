package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.opencredit.activation.it.Api.activate;
import static io.opencredit.activation.it.Api.activateInto;
import static io.opencredit.activation.it.Api.activateNewRequest;
import static io.opencredit.activation.it.Api.getSubscription;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscription;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.Money;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Activation (SPEC K3–K8, M2, M3, S6, T1) on real PostgreSQL and Kafka. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class ActivationIT {

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    @Test
    void K5_M2_T1_activation_creates_a_subscription_and_a_token_of_units_times_credit_per_unit() {
        String customer = newEmail("k5");
        String code = issueKey(3, "NOK", today());
        Instant before = clock.now().minusSeconds(1);
        ExtractableResponse<Response> answer = activate(TestTokens.customer(customer), activateNewRequest(code, customer))
                .statusCode(201).body("amount", equalTo("3210.00")).body("currency", equalTo("NOK"))
                .body("keyCode", equalTo(code)).extract();
        Instant activatedAt = Instant.parse(answer.path("activatedAt"));
        Instant expiresAt = Instant.parse(answer.path("expiresAt"));
        assertThat(activatedAt).isAfter(before).isBefore(clock.now().plusSeconds(1));
        assertThat(expiresAt).isEqualTo(activatedAt.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant());
        String subscriptionId = answer.path("subscriptionId");
        getSubscription(TestTokens.customer(customer), subscriptionId).statusCode(200)
                .body("currency", equalTo("NOK")).body("country", equalTo("NO")).body("language", equalTo("nb"))
                .body("accountEmail", equalTo(customer)).body("status", equalTo("ACTIVE"));

        String second = issueKey(1, "NOK", today());
        activateInto(TestTokens.customer(customer), second, subscriptionId).statusCode(201)
                .body("subscriptionId", equalTo(subscriptionId)).body("amount", equalTo("1070.00"));
    }

    @Test
    void K3_a_key_purchased_exactly_five_years_ago_is_accepted() {
        String customer = newEmail("k3ok");
        String code = issueKey(1, "USD", today().minusYears(5));
        activate(TestTokens.customer(customer), activateNewRequest(code, customer)).statusCode(201);
    }

    @Test
    void K3_a_key_purchased_five_years_and_a_day_ago_is_refused() {
        String customer = newEmail("k3late");
        String code = issueKey(1, "USD", today().minusYears(5).minusDays(1));
        activate(TestTokens.customer(customer), activateNewRequest(code, customer)).statusCode(422).contentType(PROBLEM)
                .body("type", endsWith("K3-activation-window-closed"));
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code).then().body("status", equalTo("ISSUED"));
    }

    @Test
    void K4_the_same_request_repeated_returns_the_original_result_and_another_is_409() {
        String customer = newEmail("k4");
        String code = issueKey(1, "USD", today());
        Map<String, Object> request = activateNewRequest(code, customer);
        ExtractableResponse<Response> first = activate(TestTokens.customer(customer), request).statusCode(201).extract();
        activate(TestTokens.customer(customer), request).statusCode(201)
                .body("subscriptionId", equalTo(first.path("subscriptionId")))
                .body("tokenId", equalTo(first.path("tokenId")))
                .body("activatedAt", equalTo(first.path("activatedAt")));
        activateInto(TestTokens.customer(customer), code, first.path("subscriptionId")).statusCode(201)
                .body("tokenId", equalTo(first.path("tokenId")));

        String other = newEmail("k4other");
        activate(TestTokens.customer(other), activateNewRequest(code, other)).statusCode(409).contentType(PROBLEM)
                .body("type", endsWith("K4-key-already-activated"));
        String otherSubscription = newSubscriptionFor(customer, "USD", today());
        activateInto(TestTokens.customer(customer), code, otherSubscription).statusCode(409)
                .body("type", endsWith("K4-key-already-activated"));
    }

    @Test
    void K4_concurrent_activations_of_one_key_exactly_one_wins() throws Exception {
        String code = issueKey(1, "USD", today());
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<String> emails = new ArrayList<>();
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                String email = newEmail("race" + i);
                emails.add(email);
                Callable<Integer> call = () -> {
                    start.await();
                    return activate(TestTokens.customer(email), activateNewRequest(code, email)).extract().statusCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(callers - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM key_activation WHERE key_code = ?", code.replace("-", ""))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM subscription WHERE account_email = ANY (?)", emails.toArray(new String[0])))
                .isEqualTo(1);
    }

    @Test
    void K4_the_same_request_sent_concurrently_gets_one_activation_and_the_same_answer_everywhere() throws Exception {
        String customer = newEmail("same");
        String code = issueKey(1, "USD", today());
        Map<String, Object> request = activateNewRequest(code, customer);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ExtractableResponse<Response>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return activate(TestTokens.customer(customer), request).extract();
                }));
            }
            start.countDown();
            List<String> tokens = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> result : results) {
                ExtractableResponse<Response> answer = result.get();
                assertThat(answer.statusCode()).isEqualTo(201);
                tokens.add(answer.path("tokenId"));
            }
            assertThat(tokens).containsOnly(tokens.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM subscription WHERE account_email = ?", customer)).isEqualTo(1);
    }

    @Test
    void K4_the_database_refuses_a_second_activation_row_for_a_key() throws Exception {
        String customer = newEmail("k4db");
        String code = issueKey(1, "USD", today());
        activate(TestTokens.customer(customer), activateNewRequest(code, customer)).statusCode(201);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO key_activation SELECT key_code, subscription_id,"
                     + " gen_random_uuid(), amount, currency, activated_at, expires_at, 'x@example.com', 'h' FROM key_activation"
                     + " WHERE key_code = ?")) {
            insert.setString(1, code.replace("-", ""));
            org.assertj.core.api.Assertions.assertThatThrownBy(insert::executeUpdate).isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Test
    void K6_an_account_created_2014_07_13_is_refused_and_one_created_2014_07_14_accepted() {
        String customer = newEmail("k6");
        String code = issueKey(1, "USD", today());
        activate(TestTokens.customer(customer), Map.of("keyCode", code,
                "newSubscription", newSubscription(customer, LocalDate.of(2014, 7, 13), "US", "public")))
                .statusCode(422).contentType(PROBLEM).body("type", endsWith("K6-account-too-old"))
                .body("detail", containsString("new account with a different email address"));
        activate(TestTokens.customer(customer), Map.of("keyCode", code,
                "newSubscription", newSubscription(customer, LocalDate.of(2014, 7, 14), "US", "public")))
                .statusCode(201);
    }

    @Test
    void K7_a_government_cloud_is_refused() {
        String customer = newEmail("k7");
        String code = issueKey(1, "USD", today());
        activate(TestTokens.customer(customer), Map.of("keyCode", code,
                "newSubscription", newSubscription(customer, LocalDate.of(2020, 1, 1), "US", "government")))
                .statusCode(422).contentType(PROBLEM).body("type", endsWith("K7-government-cloud-refused"));
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code).then().body("status", equalTo("ISSUED"));
    }

    @Test
    void M3_a_eur_key_into_a_usd_subscription_is_refused() {
        String customer = newEmail("m3");
        String subscription = newSubscriptionFor(customer, "USD", today());
        String euro = issueKey(1, "EUR", today());
        activateInto(TestTokens.customer(customer), euro, subscription).statusCode(422).contentType(PROBLEM)
                .body("type", endsWith("M3-currency-mismatch"));
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + euro).then().body("status", equalTo("ISSUED"));
    }

    @Test
    void S6_a_customer_creating_a_subscription_must_name_their_own_email() {
        String customer = newEmail("s6c");
        String code = issueKey(1, "USD", today());
        activate(TestTokens.customer(customer), activateNewRequest(code, newEmail("someone-else"))).statusCode(422)
                .contentType(PROBLEM).body("type", endsWith("S6-account-email-must-be-caller"));
    }

    @Test
    void S6_a_reseller_creating_a_subscription_for_a_customer_becomes_co_administrator() {
        String reseller = newEmail("s6r");
        String customer = newEmail("s6cust");
        String code = issueKey(1, "USD", today());
        String subscription = activate(TestTokens.reseller(reseller), activateNewRequest(code, customer)).statusCode(201)
                .extract().path("subscriptionId");
        getSubscription(TestTokens.customer(customer), subscription).statusCode(200)
                .body("accountEmail", equalTo(customer)).body("coAdministrators", hasItem(reseller));
        getSubscription(TestTokens.reseller(reseller), subscription).statusCode(200);
        String more = issueKey(1, "USD", today());
        activateInto(TestTokens.reseller(reseller), more, subscription).statusCode(201);

        List<EventEnvelope> events = KafkaTestSupport.readEventsUntil(Topics.ACTIVATION_EVENTS,
                all -> all.stream().anyMatch(e -> e.payload() instanceof CoAdministratorAdded
                        && e.subscriptionId().toString().equals(subscription)), Duration.ofSeconds(30));
        CoAdministratorAdded added = events.stream().filter(e -> e.subscriptionId().toString().equals(subscription))
                .map(EventEnvelope::payload).filter(CoAdministratorAdded.class::isInstance).map(CoAdministratorAdded.class::cast)
                .findFirst().orElseThrow();
        assertThat(added.email()).isEqualTo(reseller);
    }

    @Test
    void S6_another_tenants_subscription_is_404_and_takes_no_key_from_them() {
        String owner = newEmail("owner");
        String subscription = newSubscriptionFor(owner, "USD", today());
        String intruder = newEmail("intruder");
        getSubscription(TestTokens.customer(intruder), subscription).statusCode(404).contentType(PROBLEM);
        getSubscription(TestTokens.customer(owner), UUID.randomUUID().toString()).statusCode(404).contentType(PROBLEM);
        getSubscription(TestTokens.customer(owner), "not-a-uuid").statusCode(404);
        String code = issueKey(1, "USD", today());
        activateInto(TestTokens.customer(intruder), code, subscription).statusCode(404).contentType(PROBLEM);
        activateInto(TestTokens.reseller(intruder), code, subscription).statusCode(404).contentType(PROBLEM);
        activateInto(TestTokens.customer(intruder), code, UUID.randomUUID().toString()).statusCode(404);
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code).then().body("status", equalTo("ISSUED"));
    }

    @Test
    void activation_events_KeyActivated_and_CreditAdded_are_published_keyed_by_subscription_id() {
        String customer = newEmail("events");
        String code = issueKey(2, "USD", today());
        ExtractableResponse<Response> answer = activate(TestTokens.customer(customer), activateNewRequest(code, customer))
                .statusCode(201).extract();
        String subscription = answer.path("subscriptionId");
        String tokenId = answer.path("tokenId");
        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.readRecordsUntil(Topics.ACTIVATION_EVENTS,
                all -> all.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(subscription)).count() >= 3,
                Duration.ofSeconds(30));
        List<EventEnvelope> mine = records.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(subscription))
                .map(r -> EventCodec.decode(r.value())).toList();
        assertThat(mine).allMatch(e -> e.subscriptionId().toString().equals(subscription))
                .allMatch(e -> e.producer().equals("activation-service"));
        assertThat(mine.stream().map(EventEnvelope::type).toList())
                .containsExactly("SubscriptionCreated", "KeyActivated", "CreditAdded");
        SubscriptionCreated created = (SubscriptionCreated) mine.get(0).payload();
        assertThat(created.language()).isEqualTo("nb");
        assertThat(created.currency()).isEqualTo("USD");
        assertThat(created.accountEmail()).isEqualTo(customer);
        KeyActivated activated = (KeyActivated) mine.get(1).payload();
        assertThat(activated.keyCode()).isEqualTo(code);
        assertThat(activated.units()).isEqualTo(2);
        assertThat(activated.tokenId().toString()).isEqualTo(tokenId);
        CreditAdded credit = (CreditAdded) mine.get(2).payload();
        assertThat(credit.source()).isEqualTo(CreditSource.OSA_KEY);
        assertThat(credit.amount()).isEqualTo(Money.of("200", "USD"));
        assertThat(credit.tokenId().toString()).isEqualTo(tokenId);
        assertThat(credit.keyCode()).isEqualTo(code);
        assertThat(credit.resellerId()).isEqualTo("reseller-7");
        assertThat(credit.expiresAt()).isEqualTo(Instant.parse(answer.path("expiresAt")));
        assertThat(mine.get(2).causationId()).isEqualTo(mine.get(1).eventId());
    }

    @Test
    void idempotency_key_replays_an_activation_and_refuses_another_body() {
        String customer = newEmail("idem");
        String code = issueKey(1, "USD", today());
        String key = "act-" + UUID.randomUUID();
        Map<String, Object> request = activateNewRequest(code, customer);
        String token = TestTokens.customer(customer);
        String tokenId = given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/activations").then().statusCode(201).extract().path("tokenId");
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/activations").then().statusCode(201).body("tokenId", equalTo(tokenId));
        given().auth().oauth2(token).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(activateNewRequest(issueKey(1, "USD", today()), customer))
                .when().post("/api/v1/activations").then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void bad_activation_requests_are_400_problems_and_change_nothing() {
        String customer = newEmail("bad");
        String token = TestTokens.customer(customer);
        String code = issueKey(1, "USD", today());
        activate(token, Map.of("keyCode", code)).statusCode(400).contentType(PROBLEM).body("detail", containsString("exactly one"));
        activate(token, Map.of("keyCode", code, "subscriptionId", UUID.randomUUID().toString(),
                "newSubscription", newSubscription(customer, LocalDate.of(2020, 1, 1), "NO", "public"))).statusCode(400);
        activate(token, Map.of("newSubscription", newSubscription(customer, LocalDate.of(2020, 1, 1), "NO", "public")))
                .statusCode(400).body("detail", containsString("keyCode"));
        activate(token, Map.of("keyCode", code, "newSubscription", newSubscription(customer, LocalDate.of(2020, 1, 1), "XX", "public")))
                .statusCode(400).body("detail", containsString("country"));
        activate(token, Map.of("keyCode", code, "newSubscription", newSubscription("not-an-email", LocalDate.of(2020, 1, 1), "NO", "public")))
                .statusCode(400).body("detail", containsString("email"));
        activate(token, Map.of("keyCode", code, "subscriptionId", "not-a-uuid")).statusCode(400).contentType(PROBLEM);
        activate(token, "{\"keyCode\":\"" + code + "\",\"subscriptionId\":\"" + UUID.randomUUID() + "\",\"extra\":1}")
                .statusCode(400).body("detail", containsString("extra"));
        activate(TestTokens.operator(), Map.of("keyCode", code, "subscriptionId", UUID.randomUUID().toString())).statusCode(403);
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code).then().body("status", equalTo("ISSUED"));
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter instanceof String[] values) {
                statement.setArray(1, connection.createArrayOf("varchar", values));
            } else {
                statement.setObject(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
