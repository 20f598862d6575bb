package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.HostileNumbers;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SPEC O6 at the ledger's one decimal from outside, a credit alert's threshold: every generated
 * hostile number ({@link HostileNumbers}), as a JSON number and as a JSON string, is a 4xx problem
 * within 2 seconds, and no alert is set; a good threshold afterwards is set.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class HostileThresholdsIT {

    private static final int TRIES = 60;
    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final String PATH = "/api/v1/subscriptions/{id}/alerts/{n}";

    @Inject
    SuiteClock clock;

    @Test
    void O6_alert_thresholds_are_refused_in_bounded_time_and_no_alert_is_set() {
        UUID id = UUID.randomUUID();
        String owner = "owner-" + id.toString().substring(0, 8) + "@example.com";
        activation(created(id, owner, clock.now()));
        String token = TestTokens.bearer(TestTokens.customer(owner));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("Authorization", token).get("/api/v1/subscriptions/{id}/balance", id).statusCode() == 200);

        List<String> values = new java.util.ArrayList<>(List.of("\"warm-up\"")); // the first call loads the client's and the server's classes
        values.addAll(HostileNumbers.jsonValues(TRIES));
        for (String value : values) {
            byte[] body = ("{\"threshold\":" + value + ",\"recipients\":[\"finance@example.com\"]}").getBytes(StandardCharsets.UTF_8);
            Duration bound = value.equals("\"warm-up\"") ? Duration.ofSeconds(30) : BOUND;
            Response response = assertTimeoutPreemptively(bound, () -> given().header("Authorization", token)
                    .contentType("application/json; charset=UTF-8").body(body).put(PATH, id, 1).andReturn(),
                    () -> "no answer within " + bound + " for " + HostileNumbers.describe(value));
            String what = "answer for " + HostileNumbers.describe(value);
            assertThat(response.statusCode()).as(what).isBetween(400, 499);
            assertThat(response.contentType()).as(what).startsWith("application/problem+json");
            assertThat(response.asString()).as(what).hasSizeLessThan(2000);
        }
        given().header("Authorization", token).get(PATH, id, 1).then().statusCode(404);

        given().header("Authorization", token).contentType("application/json").body("{\"threshold\":12.5,\"recipients\":[\"finance@example.com\"]}")
                .put(PATH, id, 1).then().statusCode(200).body("threshold", equalTo("12.50"));
    }
}
