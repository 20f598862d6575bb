package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.opencredit.activation.it.Api.activate;
import static io.opencredit.activation.it.Api.activateNewRequest;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.keyRequest;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.postKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.opencredit.activation.domain.KeyCode;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key issuance and lookup (SPEC K1, K2, §5, §6) on real PostgreSQL and Kafka. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class KeysIT {

    @Inject
    SuiteClock clock;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    @Test
    void K1_an_operator_issues_a_key_with_units_currency_purchase_date_reseller_and_sku() {
        Map<String, Object> request = keyRequest(3, "EUR", LocalDate.of(2024, 5, 17));
        request.put("sku", "6QK-00001");
        postKey(request).statusCode(201)
                .body("code", matchesPattern("([" + KeyCode.ALPHABET + "]{5}-){4}[" + KeyCode.ALPHABET + "]{5}"))
                .body("units", equalTo(3)).body("currency", equalTo("EUR"))
                .body("purchasedOn", equalTo("2024-05-17")).body("activateBy", equalTo("2029-05-17"))
                .body("resellerId", equalTo("reseller-7")).body("sku", equalTo("6QK-00001"))
                .body("status", equalTo("ISSUED"));
    }

    @Test
    void K1_bad_key_requests_are_400_problems() {
        postKey(keyRequest(0, "USD", today())).statusCode(400).contentType(PROBLEM).body("detail", containsString("units"));
        postKey(keyRequest(10001, "USD", today())).statusCode(400).contentType(PROBLEM);
        postKey(keyRequest(1, "XYZ", today())).statusCode(400).contentType(PROBLEM).body("detail", containsString("currency"));
        postKey(keyRequest(1, "USD", today().plusDays(2))).statusCode(422).contentType(PROBLEM);
        postKey(Map.of("units", 1, "currency", "USD", "purchasedOn", today().toString())).statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("resellerId"));
        postKey("{\"units\":1,\"currency\":\"USD\",\"purchasedOn\":\"2025-01-01\",\"resellerId\":\"r\",\"unitz\":2}")
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("unitz"));
        postKey("{\"units\":\"many\",\"currency\":\"USD\",\"purchasedOn\":\"2025-01-01\",\"resellerId\":\"r\"}")
                .statusCode(400).contentType(PROBLEM);
        postKey("{\"units\":1,\"currency\":\"USD\",\"purchasedOn\":\"2025-13-01\",\"resellerId\":\"r\"}")
                .statusCode(400).contentType(PROBLEM);
        postKey("{\"units\":1,").statusCode(400).contentType(PROBLEM);
    }

    @Test
    void access_only_operators_issue_keys() {
        given().auth().oauth2(TestTokens.customer("c@example.com")).contentType(ContentType.JSON)
                .body(keyRequest(1, "USD", today())).when().post("/api/v1/keys").then().statusCode(403);
        given().contentType(ContentType.JSON).body(keyRequest(1, "USD", today())).when().post("/api/v1/keys")
                .then().statusCode(401);
    }

    @Test
    void K2_a_mistyped_key_is_400_malformed_and_an_unknown_one_404() {
        String code = issueKey(1, "USD", today());
        char last = code.charAt(code.length() - 1);
        char other = KeyCode.ALPHABET.charAt((KeyCode.ALPHABET.indexOf(last) + 1) % KeyCode.ALPHABET.length());
        String mistyped = code.substring(0, code.length() - 1) + other;
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + mistyped).then()
                .statusCode(400).contentType(PROBLEM).body("type", endsWith("K2-malformed-key-code"));
        String unknown = KeyCode.generate(new SecureRandom()).formatted();
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + unknown).then()
                .statusCode(404).contentType(PROBLEM).body("type", endsWith("unknown-key"));

        String customer = newEmail("k2");
        activate(TestTokens.customer(customer), activateNewRequest(mistyped, customer)).statusCode(400)
                .contentType(PROBLEM).body("type", endsWith("K2-malformed-key-code"));
        activate(TestTokens.customer(customer), activateNewRequest(unknown, customer)).statusCode(404)
                .contentType(PROBLEM).body("type", endsWith("unknown-key"));
        activate(TestTokens.customer(customer), activateNewRequest("HELLO-WORLD", customer)).statusCode(400)
                .body("type", endsWith("K2-malformed-key-code"));
    }

    @Test
    void K2_codes_are_accepted_in_lower_case_and_without_dashes() {
        String code = issueKey(1, "USD", today());
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code.replace("-", "").toLowerCase())
                .then().statusCode(200).body("code", equalTo(code)).body("status", equalTo("ISSUED"))
                .body("activation", nullValue());
        String customer = newEmail("k2lower");
        activate(TestTokens.customer(customer), activateNewRequest(code.toLowerCase().replace("-", ""), customer))
                .statusCode(201).body("keyCode", equalTo(code));
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/keys/" + code).then().statusCode(200)
                .body("status", equalTo("ACTIVATED")).body("activation.tokenId", notNullValue());
    }

    @Test
    void access_a_key_is_visible_to_whoever_activated_it_and_404_to_others() {
        String code = issueKey(1, "USD", today());
        String customer = newEmail("visible");
        given().auth().oauth2(TestTokens.customer(customer)).when().get("/api/v1/keys/" + code).then().statusCode(404);
        activate(TestTokens.customer(customer), activateNewRequest(code, customer)).statusCode(201);
        given().auth().oauth2(TestTokens.customer(customer)).when().get("/api/v1/keys/" + code).then().statusCode(200)
                .body("status", equalTo("ACTIVATED"));
        given().auth().oauth2(TestTokens.customer(newEmail("stranger"))).when().get("/api/v1/keys/" + code).then()
                .statusCode(404);
    }

    @Test
    void idempotency_key_replays_the_first_key_instead_of_issuing_another() {
        Map<String, Object> request = keyRequest(2, "GBP", today());
        String first = given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", "issue-" + System.nanoTime())
                .contentType(ContentType.JSON).body(request).when().post("/api/v1/keys").then().statusCode(201)
                .extract().path("code");
        String key = "issue-fixed-" + System.nanoTime();
        String a = given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request).when().post("/api/v1/keys").then().statusCode(201)
                .extract().path("code");
        given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request).when().post("/api/v1/keys").then().statusCode(201)
                .body("code", equalTo(a));
        request.put("units", 3);
        given().auth().oauth2(TestTokens.operator()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(request).when().post("/api/v1/keys").then().statusCode(409)
                .contentType(PROBLEM);
        org.assertj.core.api.Assertions.assertThat(first).isNotEqualTo(a);
    }
}
