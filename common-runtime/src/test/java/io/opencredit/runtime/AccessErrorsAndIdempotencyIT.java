package io.opencredit.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Access (SPEC §6), problem+json for bad input (§5) and Idempotency-Key (§4), as every service gets them. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "runtime"))
class AccessErrorsAndIdempotencyIT {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void access_caller_email_comes_from_the_token() {
        given().auth().oauth2(TestTokens.customer("Alice@Example.com"))
                .when().get("/api/v1/probe/me").then().statusCode(200).body(equalTo("alice@example.com"));
    }

    @Test
    void access_tokens_with_wrong_issuer_foreign_key_or_past_expiry_are_refused() {
        given().when().get("/api/v1/probe/me").then().statusCode(401).contentType(PROBLEM).body("status", equalTo(401))
                .header("WWW-Authenticate", "Bearer");
        for (String token : new String[] {TestTokens.withWrongIssuer("a@example.com", "customer"),
                TestTokens.expired("a@example.com", "customer"), TestTokens.signedByAnotherKey("a@example.com", "customer")}) {
            given().auth().oauth2(token).when().get("/api/v1/probe/me").then()
                    .statusCode(401).contentType(PROBLEM).body("title", equalTo("Unauthorized"));
        }
    }

    @Test
    void access_a_role_without_the_permission_is_forbidden() {
        given().auth().oauth2(TestTokens.meter()).when().get("/api/v1/probe/me").then()
                .statusCode(403).contentType(PROBLEM).body("title", equalTo("Forbidden"));
    }

    @Test
    void access_another_tenants_subscription_is_404() {
        given().auth().oauth2(TestTokens.customer("someone@example.com")).when().get("/api/v1/probe/mine")
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
        given().auth().oauth2(TestTokens.customer("owner@example.com")).when().get("/api/v1/probe/mine")
                .then().statusCode(200);
    }

    @Test
    void C2_the_clock_endpoint_is_404_when_the_clock_is_not_adjustable() {
        given().when().get("/api/v1/ops/clock").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void O4_loops_are_listed_for_operators_but_an_error_can_be_injected_only_in_unsafe_dev_mode() {
        given().auth().oauth2(TestTokens.operator()).when().get("/api/v1/ops/loops").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItem("consumer:runtime-probe.probe"));
        given().auth().oauth2(TestTokens.operator()).when().post("/api/v1/ops/loops/consumer:runtime-probe.probe/inject-error")
                .then().statusCode(404).contentType(PROBLEM);
        given().when().get("/api/v1/ops/loops").then().statusCode(401);
    }

    @Test
    void bad_input_malformed_json_is_a_400_problem() {
        post("{\"item\": ").then().statusCode(400).contentType(PROBLEM)
                .body("type", containsString("malformed-json")).body("detail", containsString("not valid JSON"));
    }

    @Test
    void bad_input_unknown_field_is_named() {
        post("{\"item\":\"vm\",\"quantity\":\"1\",\"units\":1,\"balance\":\"999\"}").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("unknown field 'balance'"));
    }

    @Test
    void bad_input_wrong_types_are_refused() {
        post("{\"item\":\"vm\",\"quantity\":\"abc\",\"units\":1}").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("quantity"));
        post("{\"item\":\"vm\",\"quantity\":\"1\",\"units\":\"1\"}").then().statusCode(400).contentType(PROBLEM);
        post("{\"item\":\"vm\",\"quantity\":\"1\",\"units\":1.5}").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void bad_input_oversize_body_is_413() {
        String big = "{\"item\":\"" + "x".repeat(1_100_000) + "\",\"quantity\":\"1\",\"units\":1}";
        post(big).then().statusCode(413).contentType(PROBLEM).body("detail", containsString("larger than the limit"));
    }

    @Test
    void bad_input_oversize_chunked_body_is_413() {
        byte[] big = ("{\"item\":\"" + "x".repeat(1_100_000) + "\",\"quantity\":\"1\",\"units\":1}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // no Content-Length: the limit is hit while the body streams in
        given().auth().oauth2(TestTokens.customer("a@example.com")).contentType(ContentType.JSON)
                .body(new java.io.ByteArrayInputStream(big)).when().post("/api/v1/probe/orders")
                .then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void M1_amounts_are_written_as_strings() {
        post("{\"item\":\"vm\",\"quantity\":\"12.5\",\"units\":1}").then().statusCode(201)
                .body("price.amount", equalTo("12.50")).body("price.currency", equalTo("USD"));
    }

    @Test
    void idempotency_key_repeat_returns_the_first_answer_and_another_body_is_409() {
        String body = "{\"item\":\"disk\",\"quantity\":\"2\",\"units\":1}";
        int first = given().auth().oauth2(TestTokens.customer("idem@example.com")).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/probe/orders")
                .then().statusCode(201).extract().path("number");
        int executions = ProbeResource.EXECUTIONS.get();
        int again = given().auth().oauth2(TestTokens.customer("idem@example.com")).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/probe/orders")
                .then().statusCode(201).extract().path("number");
        assertThat(again).isEqualTo(first);
        assertThat(ProbeResource.EXECUTIONS.get()).as("the repeat did nothing again").isEqualTo(executions);

        given().auth().oauth2(TestTokens.customer("idem@example.com")).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body("{\"item\":\"disk\",\"quantity\":\"3\",\"units\":1}")
                .when().post("/api/v1/probe/orders").then().statusCode(409).contentType(PROBLEM)
                .body("type", containsString("idempotency-key-reused"));
        // keys are per caller: another caller's k-1 is a new request
        given().auth().oauth2(TestTokens.customer("other@example.com")).header("Idempotency-Key", "k-1")
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/probe/orders").then().statusCode(201);
    }

    private static io.restassured.response.Response post(String body) {
        return given().auth().oauth2(TestTokens.customer("c@example.com")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/probe/orders");
    }
}
