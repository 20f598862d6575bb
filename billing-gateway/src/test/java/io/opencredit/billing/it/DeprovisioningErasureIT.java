package io.opencredit.billing.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.CoAdministratorAdded;
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
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** S3 on real PostgreSQL and Kafka: the gateway's view of a deprovisioned subscription keeps no address. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class DeprovisioningErasureIT {

    @Inject
    SuiteClock clock;

    @Inject
    SubscriptionStore store;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void S3_the_subscription_view_keeps_pseudonyms_even_for_a_co_administrator_read_after_the_deprovisioning() throws Exception {
        var s = Fixtures.subscription(store, "USD", "NO", clock.now().minus(Duration.ofDays(1)));
        String reseller = "s3-reseller-" + s.id().toString().substring(0, 8) + "@example.com";
        String late = "s3-late-" + s.id().toString().substring(0, 8) + "@example.com";
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(s.id(), new CoAdministratorAdded(reseller, s.owner()),
                Producers.ACTIVATION, null, clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.find(s.id()).orElseThrow().administrators().contains(reseller));

        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(s.id(), new SubscriptionDeprovisioned(clock.now()),
                Producers.LEDGER, null, clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.find(s.id()).orElseThrow().deprovisioned());
        // published before the deprovisioning, read after it (the topics are read independently)
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(s.id(), new CoAdministratorAdded(late, s.owner()),
                Producers.ACTIVATION, null, clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                store.find(s.id()).orElseThrow().administrators().contains(Pseudonyms.email(s.id(), late)));

        try (Connection connection = dataSource.getConnection()) {
            assertThat(PersonalData.occurrences(connection, s.owner(), reseller, late)).isEmpty();
        }
        assertThat(store.find(s.id()).orElseThrow().administrators()).containsExactlyInAnyOrder(
                Pseudonyms.email(s.id(), s.owner()), Pseudonyms.email(s.id(), reseller), Pseudonyms.email(s.id(), late));
        // its administrators are still recognised by their pseudonym; a stranger is not
        Map<String, Object> estimate = Map.of("subscriptionId", s.id().toString(), "currency", "USD",
                "lines", List.of(Map.of("meterId", "backup-instance", "quantityPerDay", "1")));
        given().header("Authorization", TestTokens.bearer(TestTokens.customer(s.owner()))).contentType(ContentType.JSON)
                .body(estimate).when().post("/api/v1/estimates").then().statusCode(200);
        given().header("Authorization", TestTokens.bearer(TestTokens.customer("stranger@example.com"))).contentType(ContentType.JSON)
                .body(estimate).when().post("/api/v1/estimates").then().statusCode(404);
    }
}
