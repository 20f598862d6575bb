package io.opencredit.activation.it;

import static io.restassured.RestAssured.given;

import io.opencredit.testkit.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Calls of the activation API for the tests. */
final class Api {

    static final String PROBLEM = "application/problem+json";

    private Api() {
    }

    static String newEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    static Map<String, Object> keyRequest(int units, String currency, LocalDate purchasedOn) {
        Map<String, Object> body = new HashMap<>();
        body.put("units", units);
        body.put("currency", currency);
        body.put("purchasedOn", purchasedOn.toString());
        body.put("resellerId", "reseller-7");
        return body;
    }

    static ValidatableResponse postKey(Object body) {
        return given().auth().oauth2(TestTokens.operator()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/keys").then();
    }

    /** A new key's code. */
    static String issueKey(int units, String currency, LocalDate purchasedOn) {
        return postKey(keyRequest(units, currency, purchasedOn)).statusCode(201).extract().path("code");
    }

    static Map<String, Object> newSubscription(String email, LocalDate createdOn, String country, String cloud) {
        Map<String, Object> account = new HashMap<>();
        account.put("email", email);
        account.put("createdOn", createdOn.toString());
        Map<String, Object> subscription = new HashMap<>();
        subscription.put("name", "Contoso " + email);
        subscription.put("country", country);
        subscription.put("cloud", cloud);
        subscription.put("account", account);
        return subscription;
    }

    static Map<String, Object> activateNewRequest(String code, String email) {
        return Map.of("keyCode", code, "newSubscription", newSubscription(email, LocalDate.of(2020, 1, 15), "NO", "public"));
    }

    static ValidatableResponse activate(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/activations").then();
    }

    /** A customer's new subscription, created by activating a fresh key; returns its id. */
    static String newSubscriptionFor(String customerEmail, String currency, LocalDate purchasedOn) {
        String code = issueKey(1, currency, purchasedOn);
        return activate(TestTokens.customer(customerEmail), activateNewRequest(code, customerEmail))
                .statusCode(201).extract().path("subscriptionId");
    }

    static ValidatableResponse activateInto(String token, String code, String subscriptionId) {
        return activate(token, Map.of("keyCode", code, "subscriptionId", subscriptionId));
    }

    static ValidatableResponse getSubscription(String token, String id) {
        return given().auth().oauth2(token).when().get("/api/v1/subscriptions/" + id).then();
    }

    static ValidatableResponse link(String token, String id, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/subscriptions/" + id + "/enterprise-agreement-link").then();
    }

    static ValidatableResponse addCoAdministrator(String token, String id, String email) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("email", email))
                .when().post("/api/v1/subscriptions/" + id + "/co-administrators").then();
    }
}
