package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.activateInto;
import static io.opencredit.activation.it.Api.addCoAdministrator;
import static io.opencredit.activation.it.Api.getSubscription;
import static io.opencredit.activation.it.Api.issueKey;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.Pseudonyms;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.PersonalData;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** S3 on real PostgreSQL and Kafka: a deprovisioned subscription's personal data leaves every table of this service. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class DeprovisioningErasureIT {

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    @Test
    void S3_deprovisioning_pseudonymises_every_address_and_the_name_and_the_administrators_still_see_it() throws Exception {
        String owner = newEmail("s3owner");
        String reseller = newEmail("s3reseller");
        String bystander = newEmail("s3bystander");
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        UUID other = UUID.fromString(newSubscriptionFor(bystander, "USD", today()));
        addCoAdministrator(TestTokens.customer(owner), subscription.toString(), reseller).statusCode(201);
        String key = issueKey(1, "USD", today());
        activateInto(TestTokens.reseller(reseller), key, subscription.toString()).statusCode(201);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(PersonalData.occurrences(connection, owner, reseller)).as("before: the addresses are there").isNotEmpty();
        }

        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(subscription, new SubscriptionDeprovisioned(clock.now()),
                Producers.LEDGER, null, clock.now()));
        Awaitility.await("the erasure").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Connection connection = dataSource.getConnection()) {
                assertThat(PersonalData.occurrences(connection, owner, reseller)).isEmpty();
            }
        });

        // the administrators are still recognised (by their address's pseudonym) and see it deprovisioned
        getSubscription(TestTokens.customer(owner), subscription.toString()).statusCode(200)
                .body("status", equalTo("DEPROVISIONED"))
                .body("name", equalTo(Pseudonyms.NAME))
                .body("accountEmail", equalTo(Pseudonyms.email(subscription, owner)))
                .body("coAdministrators", hasItem(Pseudonyms.email(subscription, reseller)));
        getSubscription(TestTokens.reseller(reseller), subscription.toString()).statusCode(200);
        getSubscription(TestTokens.customer(bystander), subscription.toString()).statusCode(404);
        given().auth().oauth2(TestTokens.reseller(reseller)).when().get("/api/v1/keys/" + key).then().statusCode(200)
                .body("status", equalTo("ACTIVATED"));
        activateInto(TestTokens.customer(owner), issueKey(1, "USD", today()), subscription.toString()).statusCode(409)
                .body("type", endsWith("K8-subscription-deprovisioned"));
        // another customer's subscription keeps its data
        getSubscription(TestTokens.customer(bystander), other.toString()).statusCode(200).body("accountEmail", equalTo(bystander));
        try (Connection connection = dataSource.getConnection()) {
            assertThat(PersonalData.occurrences(connection, bystander)).isNotEmpty();
        }
    }

    @Test
    void S3_erasing_twice_changes_nothing() throws Exception {
        String owner = newEmail("s3twice");
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", today()));
        for (int i = 0; i < 2; i++) {
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(subscription, new SubscriptionDeprovisioned(clock.now()),
                    Producers.LEDGER, null, clock.now()));
        }
        Awaitility.await("the erasure").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() ->
                Pseudonyms.email(subscription, owner).equals(getSubscription(TestTokens.customer(owner), subscription.toString())
                        .extract().path("accountEmail")));
        assertThat(List.of(getSubscription(TestTokens.customer(owner), subscription.toString()).extract().<String>path("accountEmail")))
                .containsExactly(Pseudonyms.email(subscription, owner));
    }
}
