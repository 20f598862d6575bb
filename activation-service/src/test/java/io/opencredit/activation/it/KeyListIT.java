package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.opencredit.activation.it.Api.activate;
import static io.opencredit.activation.it.Api.activateNewRequest;
import static io.opencredit.activation.it.Api.keyRequest;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.postKey;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.activation.persistence.KeyReturn;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/keys} (issue 17, the portal's reseller page): the keys a reseller sold, a page at a time, on
 * real PostgreSQL. A reseller is its sign-in email; operators issue its keys with that email as resellerId.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class KeyListIT {

    @Inject
    SuiteClock clock;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    private String issueFor(String resellerId) {
        Map<String, Object> body = keyRequest(2, "USD", today());
        body.put("resellerId", resellerId);
        return postKey(body).statusCode(201).extract().path("code");
    }

    private static JsonPath list(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/v1/keys" + query).then().statusCode(200).extract().jsonPath();
    }

    /** Every key code the caller sees for this query, following the cursor page by page. */
    private static List<String> allPages(String token, String query, int limit) {
        List<String> codes = new ArrayList<>();
        String q = "?limit=" + limit + query;
        for (int pages = 0; pages < 50; pages++) {
            JsonPath page = list(token, q);
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(limit);
            codes.addAll(page.getList("items.code", String.class));
            String next = page.getString("next");
            if (next == null) {
                return codes;
            }
            q = "?limit=" + limit + query + "&after=" + next;
        }
        throw new AssertionError("more than 50 pages");
    }

    @Test
    void a_reseller_lists_exactly_the_keys_issued_to_its_sign_in_email_page_by_page() {
        String rita = newEmail("rita");
        String other = newEmail("other-reseller");
        List<String> ritas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ritas.add(issueFor(i == 0 ? rita.toUpperCase() : rita)); // typed in other letters: the same reseller
        }
        String others = issueFor(other);

        List<String> seen = allPages(TestTokens.reseller(rita), "", 3);
        assertThat(seen).hasSize(4).containsExactlyInAnyOrderElementsOf(ritas).doesNotContain(others);
        assertThat(allPages(TestTokens.reseller(rita), "&resellerId=" + rita, 200)).containsExactlyElementsOf(seen);
        assertThat(allPages(TestTokens.reseller(rita.toUpperCase()), "", 1)).containsExactlyElementsOf(seen);
        assertThat(allPages(TestTokens.reseller(newEmail("new-reseller")), "", 50)).isEmpty();
        JsonPath first = list(TestTokens.reseller(rita), "?limit=3");
        assertThat(first.getInt("limit")).isEqualTo(3);
        assertThat(first.getString("next")).isNotBlank();
        assertThat(first.getString("items[0].status")).isEqualTo("ISSUED");
        assertThat(first.getInt("items[0].units")).isEqualTo(2);
    }

    @Test
    void each_key_shows_its_state_its_subscription_once_activated_and_its_return() {
        String rita = newEmail("rita-states");
        String issued = issueFor(rita);
        String activated = issueFor(rita);
        String returned = issueFor(rita);
        String customer = newEmail("buyer");
        String subscription = activate(TestTokens.customer(customer), activateNewRequest(activated, customer)).statusCode(201)
                .extract().path("subscriptionId");
        QuarkusTransaction.requiringNew().run(() -> {
            KeyReturn r = new KeyReturn();
            r.tokenId = UUID.randomUUID();
            r.keyCode = returned.replace("-", "");
            r.subscriptionId = UUID.randomUUID();
            r.amount = new BigDecimal("200");
            r.currency = "USD";
            r.activatedAt = clock.now();
            r.activatedBy = customer;
            r.reason = "deprovisioned";
            r.detail = "the subscription was deprovisioned";
            r.returnedAt = clock.now();
            r.persist();
        });

        JsonPath page = list(TestTokens.reseller(rita), "");
        assertThat(page.getString("items.find { it.code == '" + issued + "' }.status")).isEqualTo("ISSUED");
        assertThat(page.getString("items.find { it.code == '" + issued + "' }.activation")).isNull();
        assertThat(page.getString("items.find { it.code == '" + activated + "' }.status")).isEqualTo("ACTIVATED");
        assertThat(page.getString("items.find { it.code == '" + activated + "' }.activation.subscriptionId")).isEqualTo(subscription);
        assertThat(page.getString("items.find { it.code == '" + returned + "' }.status")).isEqualTo("ISSUED");
        assertThat(page.getString("items.find { it.code == '" + returned + "' }.returned.reason")).isEqualTo("deprovisioned");
        assertThat(page.getString("items.find { it.code == '" + activated + "' }.returned")).isNull();
    }

    @Test
    void a_reseller_sees_only_its_own_keys_and_operators_any_resellers() {
        String rita = newEmail("rita-own");
        String other = newEmail("sven-own");
        String ritas = issueFor(rita);
        String svens = issueFor(other);

        given().auth().oauth2(TestTokens.reseller(rita)).when().get("/api/v1/keys?resellerId=" + other).then()
                .statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.reseller(rita)).when().get("/api/v1/keys?resellerId=reseller-7").then()
                .statusCode(403).contentType(PROBLEM);
        assertThat(allPages(TestTokens.operator(), "&resellerId=" + other, 200)).containsExactly(svens);
        assertThat(allPages(TestTokens.operator(), "&resellerId=" + rita.toUpperCase(), 200)).containsExactly(ritas);
        assertThat(allPages(TestTokens.operator(), "", 200)).contains(ritas, svens);
        given().auth().oauth2(TestTokens.customer(rita)).when().get("/api/v1/keys").then().statusCode(403);
        given().auth().oauth2(TestTokens.meter()).when().get("/api/v1/keys").then().statusCode(403);
        given().when().get("/api/v1/keys").then().statusCode(401);
    }

    @Test
    void bad_paging_input_is_400_problem_json() {
        String token = TestTokens.reseller(newEmail("bad-key-paging"));
        for (String query : List.of("?limit=0", "?limit=201", "?limit=ten", "?after=not-a-cursor", "?after=" + UUID.randomUUID(),
                "?resellerId=" + "x".repeat(101))) {
            given().auth().oauth2(token).when().get("/api/v1/keys" + query).then().statusCode(400).contentType(PROBLEM);
        }
        list(token, "?limit=200");
    }
}
