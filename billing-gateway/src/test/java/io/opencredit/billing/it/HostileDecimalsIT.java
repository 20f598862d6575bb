package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.billingEventsUntil;
import static io.opencredit.billing.it.Fixtures.payloads;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.PaymentSignature;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.idempotency.IdempotencyKeys;
import io.opencredit.testkit.HostileNumbers;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * SPEC O6 at every entry point of the gateway that takes a decimal from outside: the usage quantity
 * of {@code POST /usage} (with and without an Idempotency-Key) and of the Kafka intake topic, the
 * {@code quantityPerDay} of {@code POST /estimates}, the amount of a signed payment confirmation.
 * Each try sends one generated hostile number ({@link HostileNumbers}: exponents up to
 * {@code 1e-999999999}, 10^5 digits, NaN, -0, non-ASCII digits, '+', white space), as a JSON number
 * and as a JSON string, and asserts a 4xx problem within 2 seconds; afterwards nothing of it is
 * stored or published.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class HostileDecimalsIT {

    /** Generated texts per entry point (each sent as a number and as a string): CI stays fast. */
    private static final int TRIES = 60;
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PROBLEM = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Inject
    DataSource database;

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String usageRecord(String id, UUID subscription, String quantity) {
        return "{\"id\":\"" + id + "\",\"subscriptionId\":\"" + subscription + "\",\"meterId\":\"vm-b1s-linux\",\"quantity\":" + quantity
                + ",\"usageTime\":\"" + clock.now() + "\"}";
    }

    /** Sends every hostile value through {@code send}, each within the bound, and checks each answer. */
    private static void forEveryHostileValue(Function<String, Response> send, java.util.function.BiConsumer<String, Response> check) {
        check.accept("\"warm-up\"", send.apply("\"warm-up\"")); // untimed: the first call loads the client's and the server's classes
        List<String> values = HostileNumbers.jsonValues(TRIES);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            Response response = assertTimeoutPreemptively(BOUND, () -> send.apply(value), () -> "no answer within " + BOUND + " for "
                    + HostileNumbers.describe(value));
            check.accept(value, response);
        }
    }

    /** A 4xx problem+json whose detail does not echo the input. */
    private static void isProblem(String value, Response response) {
        assertThat(response.statusCode()).as("status for " + HostileNumbers.describe(value)).isBetween(400, 499);
        assertThat(response.contentType()).as("content type for " + HostileNumbers.describe(value)).startsWith(PROBLEM);
        assertThat(response.asString()).as("answer for " + HostileNumbers.describe(value)).hasSizeLessThan(2000);
    }

    /** A batch of one refused record: 400 for the whole body, or 202 with that record refused as a 400 and nothing accepted. */
    private static void isRefusedRecord(String value, Response response) {
        if (response.statusCode() != 202) {
            isProblem(value, response);
            return;
        }
        String what = "answer for " + HostileNumbers.describe(value);
        assertThat(response.<Integer>path("accepted")).as(what).isZero();
        assertThat(response.<Integer>path("rejected[0].problem.status")).as(what).isEqualTo(400);
        assertThat(response.asString()).as(what).hasSizeLessThan(2000);
    }

    private long count(String sql, UUID subscription) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, sql.contains("record_key") ? subscription.toString() : subscription);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Nothing of the subscription is stored: no intake entry, payment, token or outbox row. */
    private void nothingStoredFor(UUID subscription) throws Exception {
        assertThat(count("SELECT count(*) FROM usage_intake WHERE subscription_id = ?", subscription)).as("intake entries").isZero();
        assertThat(count("SELECT count(*) FROM payment WHERE subscription_id = ?", subscription)).as("payments").isZero();
        assertThat(count("SELECT count(*) FROM credit_token WHERE subscription_id = ?", subscription)).as("tokens").isZero();
        assertThat(count("SELECT count(*) FROM oc_outbox WHERE record_key = ?", subscription)).as("outbox rows").isZero();
    }

    /** A good record after the hostile ones is the only usage ever published for the subscription. */
    private void onlyTheMarkerIsPublished(UUID subscription, String marker) {
        List<UsageRecorded> usage = payloads(billingEventsUntil(subscription,
                events -> payloads(events, UsageRecorded.class).stream().anyMatch(u -> u.usageId().equals(marker))), UsageRecorded.class);
        assertThat(usage).extracting(UsageRecorded::usageId).containsExactly(marker);
    }

    @Test
    void O6_usage_quantities_are_refused_in_bounded_time_and_nothing_is_stored() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        String meter = TestTokens.bearer(TestTokens.meter());
        int[] n = {0};
        forEveryHostileValue(value -> given().header("Authorization", meter).contentType("application/json; charset=UTF-8")
                .body(utf8("{\"records\":[" + usageRecord("hostile-" + n[0]++, s.id(), value) + "]}"))
                .when().post("/api/v1/usage").andReturn(), HostileDecimalsIT::isRefusedRecord);
        // the same with an Idempotency-Key: the key remembers the request without building its numbers
        forEveryHostileValue(value -> given().header("Authorization", meter).header(IdempotencyKeys.HEADER, UUID.randomUUID().toString())
                .contentType("application/json; charset=UTF-8")
                .body(utf8("{\"records\":[" + usageRecord("keyed-" + n[0]++, s.id(), value) + "]}"))
                .when().post("/api/v1/usage").andReturn(), HostileDecimalsIT::isRefusedRecord);
        nothingStoredFor(s.id());

        String marker = "marker-" + UUID.randomUUID();
        given().header("Authorization", meter).contentType("application/json").body("{\"records\":[" + usageRecord(marker, s.id(), "\"1.5\"") + "]}")
                .when().post("/api/v1/usage").then().statusCode(202).body("accepted", org.hamcrest.Matchers.equalTo(1));
        onlyTheMarkerIsPublished(s.id(), marker);
    }

    @Test
    void O6_estimate_quantities_are_refused_in_bounded_time() {
        String customer = TestTokens.bearer(TestTokens.customer("estimator@example.com"));
        forEveryHostileValue(value -> given().header("Authorization", customer).contentType("application/json; charset=UTF-8")
                .body(utf8("{\"currency\":\"USD\",\"lines\":[{\"meterId\":\"vm-b1s-linux\",\"quantityPerDay\":" + value + "}]}"))
                .when().post("/api/v1/estimates").andReturn(), HostileDecimalsIT::isProblem);
    }

    @Test
    void O6_payment_amounts_are_refused_in_bounded_time_and_nothing_is_credited() throws Exception {
        var s = Fixtures.subscription(store, "USD", "US", clock.now().minus(Duration.ofDays(1)));
        int[] n = {0};
        forEveryHostileValue(value -> {
            String body = "{\"paymentReference\":\"hostile-" + UUID.randomUUID() + "-" + n[0]++ + "\",\"subscriptionId\":\"" + s.id()
                    + "\",\"amount\":" + value + ",\"currency\":\"USD\",\"paidAt\":\"" + Instant.now() + "\"}";
            byte[] bytes = utf8(body);
            return given().header(PaymentSignature.HEADER, PaymentSignature.header(PaymentsIT.SECRET, Instant.now().getEpochSecond(), bytes))
                    .contentType("application/json; charset=UTF-8").body(bytes).when().post("/api/v1/payments/confirmations").andReturn();
        }, HostileDecimalsIT::isProblem);
        nothingStoredFor(s.id());
    }

    @Test
    void O6_a_hostile_record_on_the_intake_topic_goes_to_the_dlq_and_the_intake_lives_on() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        List<String> values = HostileNumbers.jsonValues(20);
        for (int i = 0; i < values.size(); i++) {
            KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), utf8(usageRecord("hostile-" + i, s.id(), values.get(i))));
        }
        String marker = "marker-" + UUID.randomUUID();
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, s.id().toString(), JSON.writeValueAsBytes(
                Fixtures.record(marker, s.id(), "vm-b1s-linux", "2", clock.now())));

        onlyTheMarkerIsPublished(s.id(), marker); // the intake thread lived through every hostile record
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaTestSupport.readRecordsUntil(Topics.dlq(Topics.USAGE_INTAKE),
                records -> records.stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(s.id().toString())).count()
                        >= values.size(), Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> mine = dead.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(s.id().toString())).toList();
        assertThat(mine).hasSize(values.size());
        for (ConsumerRecord<byte[], byte[]> record : mine) {
            assertThat(KafkaTestSupport.header(record, DeadLetters.REASON)).hasSizeLessThan(1000)
                    .matches(reason -> reason.startsWith("invalid-value") || reason.startsWith("M1-too-many-fraction-digits")
                            || reason.startsWith("not JSON"), "a refusal of the quantity");
        }
        assertThat(count("SELECT count(*) FROM usage_intake WHERE subscription_id = ?", s.id())).as("intake entries").isEqualTo(1);
    }
}
