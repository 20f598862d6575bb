package io.opencredit.billing.it;

import static io.opencredit.billing.it.Fixtures.payloads;
import static io.opencredit.billing.it.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.billing.config.IntakeParkingConfig;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O7 for the gateway's usage intake: its dead letters ({@code billing.usage-intake.dlq}) replay through the
 * intake's own path, so a record refused for a subscription the gateway did not know yet (held until the park
 * horizon passed, SPEC R3) is accepted once the subscription arrives, once; a malformed one stays refused; the
 * audit trail has every replay.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class UsageIntakeDeadLettersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEAD_LETTERS = "/api/v1/ops/dead-letters";

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Inject
    IntakeParkingConfig parking;

    @Test
    void O7_a_usage_record_refused_for_an_unknown_subscription_is_replayed_through_the_intake_once_it_is_known() throws Exception {
        UUID subscription = UUID.randomUUID();
        String key = subscription.toString();
        String usageId = "o7-" + UUID.randomUUID();
        Instant usageTime = clock.now().minusSeconds(30);
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, key, JSON.writeValueAsBytes(record(usageId, subscription, "vm-b1s-linux", "3", usageTime)));
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, key, ("{\"subscriptionId\":\"" + key + "\",").getBytes(StandardCharsets.UTF_8));

        Map<String, String> ids = new HashMap<>();
        // R3: the record for the unknown subscription is held, not dead-lettered, until the park horizon passed;
        // the malformed one after it in the partition is dead-lettered once their batch is stored
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ids.clear();
            for (Map<String, Object> item : allDeadLetters()) {
                if (key.equals(item.get("key"))) {
                    ids.put(String.valueOf(item.get("reason")).startsWith("not JSON") ? "malformed" : "refused", (String) item.get("id"));
                }
            }
            return ids.containsKey("malformed");
        });
        assertThat(ids).doesNotContainKey("refused");
        clock.advanceTo(clock.offset().plus(parking.parkHorizon()).plus(Duration.ofMinutes(1))); // C2
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ids.clear();
            for (Map<String, Object> item : allDeadLetters()) {
                if (key.equals(item.get("key"))) {
                    ids.put(String.valueOf(item.get("reason")).startsWith("not JSON") ? "malformed" : "refused", (String) item.get("id"));
                }
            }
            return ids.size() == 2;
        });
        given().auth().oauth2(TestTokens.operator()).when().get(DEAD_LETTERS + "/" + ids.get("refused")).then().statusCode(200)
                .body("consumer", equalTo("billing-gateway.usage-intake")).body("sourceTopic", equalTo(Topics.USAGE_INTAKE))
                .body("value", containsString(usageId));

        replay(ids.get("malformed")).statusCode(422).body("detail", containsString("malformed"));
        replay(ids.get("refused")).statusCode(422).body("detail", containsString("still refused"));

        // the cause goes away: the gateway learns the subscription
        SubscriptionCreated created = new SubscriptionCreated("Contoso O7", "NO", "public", "USD", "o7@example.com",
                LocalDate.of(2020, 1, 15), "en", "o7@example.com", usageTime.minus(Duration.ofDays(1)));
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(subscription, created, Producers.ACTIVATION, null,
                usageTime.minus(Duration.ofDays(1))));
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find(subscription).isPresent());

        replay(ids.get("refused")).statusCode(200).body("outcome", equalTo("APPLIED"));
        replay(ids.get("refused")).statusCode(200).body("outcome", equalTo("ALREADY_APPLIED"));

        // published once: a marker after it proves the relay is past it
        String marker = "o7-marker-" + UUID.randomUUID();
        KafkaTestSupport.produceRaw(Topics.USAGE_INTAKE, key, JSON.writeValueAsBytes(record(marker, subscription, "vm-b1s-linux", "1", usageTime)));
        List<EventEnvelope> mine = new ArrayList<>();
        KafkaTestSupport.readEventsUntil(Topics.BILLING_EVENTS, events -> {
            mine.clear();
            events.stream().filter(e -> subscription.equals(e.subscriptionId())).forEach(mine::add);
            return payloads(mine, UsageRecorded.class).stream().anyMatch(u -> marker.equals(u.usageId()));
        }, Duration.ofSeconds(60));
        assertThat(payloads(mine, UsageRecorded.class).stream().filter(u -> usageId.equals(u.usageId()))).hasSize(1);

        List<Map<String, Object>> audit = given().auth().oauth2(TestTokens.operator()).queryParam("limit", 200)
                .when().get("/api/v1/ops/audit").then().statusCode(200).extract().jsonPath().getList("items");
        List<Object> outcomes = audit.stream().filter(e -> ids.get("refused").equals(e.get("target"))).map(e -> e.get("outcome")).toList();
        assertThat(outcomes).containsExactly("ALREADY_APPLIED", "APPLIED", "REFUSED");
        assertThat(audit.stream().filter(e -> ids.get("malformed").equals(e.get("target"))).map(e -> e.get("outcome")))
                .containsExactly("REFUSED");
    }

    private static io.restassured.response.ValidatableResponse replay(String id) {
        return given().auth().oauth2(TestTokens.operator()).when().post(DEAD_LETTERS + "/" + id + "/replay").then();
    }

    /** Every dead letter of the gateway, following the cursor. */
    private static List<Map<String, Object>> allDeadLetters() {
        List<Map<String, Object>> items = new ArrayList<>();
        String after = null;
        do {
            var request = given().auth().oauth2(TestTokens.operator()).queryParam("limit", 200);
            if (after != null) {
                request.queryParam("after", after);
            }
            var page = request.when().get(DEAD_LETTERS).then().statusCode(200).extract().jsonPath();
            items.addAll(page.getList("items"));
            after = page.getString("next");
        } while (after != null);
        return items;
    }
}
