package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC §4 and §6: who may read a subscription's emails; unknown and foreign alike are 404. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class NotificationsApiIT {

    @Test
    void S6_only_the_subscriptions_administrators_see_its_emails() {
        String admin = unique("owner", "example.com");
        String reseller = unique("reseller", "example.com");
        UUID subscription = Fixtures.subscription("Adatum", "FR", "en", "EUR", admin, reseller);
        String path = "/api/v1/subscriptions/{id}/notifications";

        given().auth().oauth2(TestTokens.customer(admin)).get(path, subscription).then().statusCode(200).body("items.size()", equalTo(0))
                .body("next", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(TestTokens.reseller(reseller)).get(path, subscription).then().statusCode(200);
        given().auth().oauth2(TestTokens.customer(unique("stranger", "example.com"))).get(path, subscription)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.customer(admin)).get(path, UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestTokens.customer(admin)).get(path, "not-a-uuid").then().statusCode(404);
        given().auth().oauth2(TestTokens.operator()).get(path, subscription).then().statusCode(403);
        given().auth().oauth2(TestTokens.meter()).get(path, subscription).then().statusCode(403);
        given().get(path, subscription).then().statusCode(401);
        given().auth().oauth2(TestTokens.expired(admin, "customer")).get(path, subscription).then().statusCode(401);
    }

    @Test
    void S6_a_reseller_that_created_the_subscription_for_a_customer_administers_it() {
        String customer = unique("customer", "example.com");
        String reseller = unique("creator", "example.com");
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id,
                new SubscriptionCreated("Fabrikam", "NL", "public", "EUR", customer, LocalDate.of(2021, 3, 1), "en", reseller, now),
                Producers.ACTIVATION, null, now));
        await().atMost(Fixtures.PATIENCE).until(() -> given().auth().oauth2(TestTokens.reseller(reseller))
                .get("/api/v1/subscriptions/{id}/notifications", id).statusCode() == 200);
        given().auth().oauth2(TestTokens.customer(customer)).get("/api/v1/subscriptions/{id}/notifications", id).then().statusCode(200);
    }
}
