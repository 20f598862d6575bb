package io.opencredit.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SPEC O7 on a real broker and PostgreSQL: dead letters are listed, inspected and replayed by an operator through the
 * consumer's own idempotent path; a still-malformed or still-refused record answers 422 and stays; a replay applied
 * once changes nothing the second time; every replay is in the audit trail; nobody else may do any of it.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "runtime"))
class DeadLetterOpsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String DEAD_LETTERS = "/api/v1/ops/dead-letters";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void O7_an_operator_lists_inspects_and_replays_dead_letters_once_and_the_audit_has_every_replay() throws SQLException {
        UUID subscription = UUID.randomUUID();
        String key = subscription.toString();
        RefusingProbeHandler.refuse(subscription);
        EventEnvelope refused = EventEnvelope.of(subscription, new CoAdministratorAdded("reseller@example.com",
                "admin@example.com"), "runtime-probe", null, Instant.now());
        KafkaTestSupport.produceRaw(RefusingProbeHandler.TOPIC, key, "{not json".getBytes(StandardCharsets.UTF_8));
        KafkaTestSupport.produce(RefusingProbeHandler.TOPIC, refused);

        // both are dead-lettered; paging one at a time with the cursor finds them
        Map<String, Map<String, Object>> ours = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ours.clear();
            for (Map<String, Object> item : allPagesOfOne()) {
                if (key.equals(item.get("key"))) {
                    ours.put(Integer.valueOf(9).equals(item.get("valueBytes")) ? "malformed" : "refused", item);
                }
            }
            return ours.size() == 2;
        });
        String malformedId = (String) ours.get("malformed").get("id");
        String refusedId = (String) ours.get("refused").get("id");
        assertThat(ours.get("refused").get("consumer")).isEqualTo("runtime-probe.refusing-probe");
        assertThat(ours.get("malformed").get("sourceTopic")).isEqualTo(RefusingProbeHandler.TOPIC);

        given().auth().oauth2(TestTokens.operator()).when().get(DEAD_LETTERS + "/" + malformedId).then()
                .statusCode(200)
                .body("id", equalTo(malformedId))
                .body("dlqTopic", equalTo(RefusingProbeHandler.TOPIC + ".dlq"))
                .body("sourceTopic", equalTo(RefusingProbeHandler.TOPIC))
                .body("key", equalTo(key))
                .body("value", equalTo("{not json"))
                .body("valueIsText", equalTo(true))
                .body("reason", containsString("JSON"))
                .body("headers.'opencredit.dlq.consumer'", equalTo("runtime-probe.refusing-probe"));

        // still malformed, and still refused: 422, nothing applied, both stay dead letters
        replay(malformedId).then().statusCode(422).contentType(PROBLEM)
                .body("type", containsString("replay-refused")).body("detail", containsString("malformed"));
        replay(refusedId).then().statusCode(422).contentType(PROBLEM).body("detail", containsString("refused"));
        assertThat(applications(refused.eventId())).isZero();

        // the cause is fixed: applied once; a second replay changes nothing
        RefusingProbeHandler.accept(subscription);
        replay(refusedId).then().statusCode(200).body("outcome", equalTo("APPLIED"));
        assertThat(applications(refused.eventId())).isEqualTo(1);
        replay(refusedId).then().statusCode(200).body("outcome", equalTo("ALREADY_APPLIED"));
        assertThat(applications(refused.eventId())).isEqualTo(1);
        assertThat(processed(refused.eventId())).as("marked processed as the consumer loop would").isEqualTo(1);
        List<Object> stillListed = allPagesOfOne().stream().map(item -> item.get("id")).toList();
        assertThat(stillListed).contains(malformedId, refusedId);

        List<Map<String, Object>> audit = given().auth().oauth2(TestTokens.operator()).queryParam("limit", 200)
                .when().get("/api/v1/ops/audit").then().statusCode(200).extract().jsonPath().getList("items");
        List<String> outcomes = new ArrayList<>();
        for (Map<String, Object> entry : audit) {
            if (List.of(malformedId, refusedId).contains(entry.get("target"))) {
                assertThat(entry.get("operator")).isEqualTo(TestTokens.OPERATOR_EMAIL);
                assertThat(entry.get("action")).isEqualTo("dead-letter-replay");
                assertThat(entry.get("at")).isNotNull();
                outcomes.add(entry.get("target").equals(malformedId) ? "malformed:" + entry.get("outcome") : "refused:" + entry.get("outcome"));
            }
        }
        // newest first
        assertThat(outcomes).containsExactly("refused:ALREADY_APPLIED", "refused:APPLIED", "refused:REFUSED", "malformed:REFUSED");
        // paged by cursor: pages of one, following next, list the same entries in the same order
        List<Object> paged = new ArrayList<>();
        String after = null;
        do {
            var request = given().auth().oauth2(TestTokens.operator()).queryParam("limit", 1);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.when().get("/api/v1/ops/audit").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.id"));
            after = page.getString("next");
        } while (after != null && paged.size() <= audit.size());
        assertThat(paged).isEqualTo(audit.stream().map(entry -> entry.get("id")).toList());
    }

    @Test
    void O7_only_operators_reach_the_dead_letters_and_the_audit() {
        String someId = "cHJvYmUucmVmdXNhYmxlLmRscTowOjA";
        for (String token : List.of(TestTokens.customer("alice@example.com"), TestTokens.reseller("rita@example.com"),
                TestTokens.meter())) {
            given().auth().oauth2(token).when().get(DEAD_LETTERS).then().statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(token).when().get(DEAD_LETTERS + "/" + someId).then().statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(token).when().post(DEAD_LETTERS + "/" + someId + "/replay").then().statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(token).when().get("/api/v1/ops/audit").then().statusCode(403).contentType(PROBLEM);
        }
        given().when().get(DEAD_LETTERS).then().statusCode(401).contentType(PROBLEM);
        given().when().post(DEAD_LETTERS + "/" + someId + "/replay").then().statusCode(401).contentType(PROBLEM);
        given().when().get("/api/v1/ops/audit").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void O7_unknown_ids_are_404_and_the_page_size_is_bounded() {
        given().auth().oauth2(TestTokens.operator()).when().get(DEAD_LETTERS + "/not-an-id").then().statusCode(404).contentType(PROBLEM);
        // a well-formed id of a topic that is not one of this service's dead-letter topics
        String foreign = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("someone.else.dlq:0:0".getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(TestTokens.operator()).when().post(DEAD_LETTERS + "/" + foreign + "/replay").then().statusCode(404);
        given().auth().oauth2(TestTokens.operator()).queryParam("limit", 201).when().get(DEAD_LETTERS).then()
                .statusCode(400).contentType(PROBLEM).body("type", endsWith("invalid-limit")).body("detail", containsString("200"));
        // a list answers bad paging as every list of the suite does (common-runtime Paging)
        given().auth().oauth2(TestTokens.operator()).queryParam("after", "not-a-cursor").when().get(DEAD_LETTERS).then()
                .statusCode(400).contentType(PROBLEM).body("type", endsWith("invalid-cursor"));
        given().auth().oauth2(TestTokens.operator()).queryParam("limit", "ten").when().get("/api/v1/ops/audit").then()
                .statusCode(400).contentType(PROBLEM).body("type", endsWith("invalid-limit"));
        given().auth().oauth2(TestTokens.operator()).queryParam("after", "12").when().get("/api/v1/ops/audit").then()
                .statusCode(400).contentType(PROBLEM).body("type", endsWith("invalid-cursor"));
    }

    /** Every dead letter of the service, read a page of one at a time by following the cursor. */
    private static List<Map<String, Object>> allPagesOfOne() {
        List<Map<String, Object>> items = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 1000; page++) {
            var request = given().auth().oauth2(TestTokens.operator()).queryParam("limit", 1);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath answer = request.when().get(DEAD_LETTERS).then().statusCode(200).extract().jsonPath();
            int size = answer.getList("items").size();
            assertThat(size).isLessThanOrEqualTo(1);
            if (size == 1) {
                items.add(answer.getMap("items[0]"));
            }
            after = answer.getString("next");
            if (after == null) {
                return items;
            }
        }
        throw new AssertionError("the cursor never ended");
    }

    private static io.restassured.response.Response replay(String id) {
        return given().auth().oauth2(TestTokens.operator()).when().post(DEAD_LETTERS + "/" + id + "/replay");
    }

    private long applications(UUID eventId) throws SQLException {
        return count("SELECT count(*) FROM probe_applied WHERE event_id = ?", eventId);
    }

    private long processed(UUID eventId) throws SQLException {
        return count("SELECT count(*) FROM oc_processed_event WHERE consumer = 'runtime-probe.refusing-probe' AND event_id = ?", eventId);
    }

    private long count(String sql, UUID eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
