package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.getSubscription;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** F3 on the EA link: a dry run answers what the link would emit and forfeit, and changes nothing. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class EnterpriseAgreementDryRunIT {

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void F3_a_dry_run_of_the_ea_link_lists_its_event_and_the_forfeit_and_stores_and_publishes_nothing() throws SQLException {
        String owner = newEmail("f3ea");
        UUID subscription = UUID.fromString(newSubscriptionFor(owner, "USD", LocalDate.ofInstant(clock.now(), ZoneOffset.UTC)));
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(subscription, new BalanceChanged(Money.of("150.25", "USD"),
                Money.zero("USD"), SubscriptionStatus.ACTIVE, clock.now()), Producers.LEDGER, null, clock.now()));
        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> "150.25".equals(
                getSubscription(TestTokens.customer(owner), subscription.toString()).extract().path("lastReportedBalance.remaining")));
        long outboxBefore = outboxSequence();

        given().auth().oauth2(TestTokens.customer(owner)).contentType(ContentType.JSON).queryParam("dryRun", true)
                .body(Map.of("enrollmentNumber", "87654321"))
                .post("/api/v1/subscriptions/" + subscription + "/enterprise-agreement-link").then()
                .statusCode(200).body("dryRun", equalTo(true))
                .body("events[0].type", equalTo("SubscriptionLinkedToEnterpriseAgreement"))
                .body("events[0].enrollmentNumber", equalTo("87654321"))
                .body("creditForfeited", equalTo("150.25"))
                .body("balanceAfter.status", equalTo("LINKED_TO_EA"));
        given().auth().oauth2(TestTokens.customer(newEmail("stranger"))).contentType(ContentType.JSON).queryParam("dryRun", true)
                .body(Map.of("enrollmentNumber", "87654321"))
                .post("/api/v1/subscriptions/" + subscription + "/enterprise-agreement-link").then().statusCode(404);

        getSubscription(TestTokens.customer(owner), subscription.toString()).body("status", equalTo("ACTIVE"));
        assertThat(outboxSequence()).as("the outbox").isEqualTo(outboxBefore);
        assertThat(KafkaTestSupport.readAllEvents(Topics.ACTIVATION_EVENTS, Duration.ofSeconds(3)))
                .as("activation.events").noneMatch(e -> subscription.equals(e.subscriptionId())
                        && e.payload() instanceof SubscriptionLinkedToEnterpriseAgreement);
    }

    /** The outbox's id sequence: any row written, even one relayed and deleted since, moved it. */
    private long outboxSequence() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT last_value FROM oc_outbox_id_seq");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
