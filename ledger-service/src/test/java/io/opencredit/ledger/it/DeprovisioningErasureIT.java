package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.activation;
import static io.opencredit.ledger.it.LedgerTestEvents.billing;
import static io.opencredit.ledger.it.LedgerTestEvents.coAdmin;
import static io.opencredit.ledger.it.LedgerTestEvents.count;
import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.opencredit.ledger.it.LedgerTestEvents.ledgerEventsUntil;
import static io.opencredit.ledger.it.LedgerTestEvents.usage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.BalanceChanged;
import io.opencredit.events.Pseudonyms;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.ledger.persistence.ProjectionVerifier;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.compress.Lz4Blocks;
import io.opencredit.testkit.PersonalData;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * S3 in the event store, on real PostgreSQL and Kafka: deprovisioning rewrites the subscription's stored facts, its
 * projections and its snapshot with pseudonyms, and the rewritten stream still replays to the same state.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class DeprovisioningErasureIT {

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ProjectionVerifier verifier;

    /** The stored commits of one stream as JSON text (decompressed). */
    private List<String> commits(UUID id) throws Exception {
        List<String> commits = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT facts FROM ledger_commit WHERE subscription_id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    byte[] facts = rs.getBytes(1);
                    commits.add(new String(facts[0] == '[' ? facts : Lz4Blocks.decompress(facts), StandardCharsets.UTF_8));
                }
            }
        }
        return commits;
    }

    private List<String> occurrences(String... needles) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return PersonalData.occurrences(connection, needles);
        }
    }

    @Test
    void S3_deprovisioning_rewrites_the_stream_and_projections_with_pseudonyms_and_the_replay_folds_to_the_same_state() throws Exception {
        UUID id = UUID.randomUUID();
        String tag = id.toString().substring(0, 8);
        String owner = "s3owner-" + tag + "@example.com";
        String reseller = "s3reseller-" + tag + "@example.com";
        String finance = "s3finance-" + tag + "@example.com";
        String name = "Contoso " + id;
        Instant now = clock.now();
        activation(created(id, owner, now), coAdmin(id, reseller, now), credit(id, UUID.randomUUID(), "100", now));
        ledgerEventsUntil(id, e -> count(e, BalanceChanged.class) >= 1);
        String customer = TestTokens.bearer(TestTokens.customer(owner));
        given().header("Authorization", customer).contentType(ContentType.JSON)
                .body(Map.of("threshold", "40.00", "recipients", List.of(finance)))
                .put("/api/v1/subscriptions/{id}/alerts/1", id).then().statusCode(200);
        billing(usage(id, "s3-" + tag, "70", now));
        ledgerEventsUntil(id, e -> count(e, SubscriptionCreditLow.class) == 1);
        assertThat(String.join("", commits(id))).contains(owner, reseller, finance, name);

        // the token expires after 12 months, suspending the subscription; 90 days later it is deprovisioned
        given().header("Authorization", TestTokens.bearer(TestTokens.operator())).contentType(ContentType.JSON)
                .body("{\"duration\":\"P460D\"}").post("/api/v1/ops/clock/advance").then().statusCode(200);
        ledgerEventsUntil(id, e -> count(e, SubscriptionDeprovisioned.class) == 1);

        assertThat(commits(id)).isNotEmpty().allSatisfy(json -> assertThat(json)
                .doesNotContainIgnoringCase(owner).doesNotContainIgnoringCase(reseller)
                .doesNotContainIgnoringCase(finance).doesNotContain(name));
        assertThat(String.join("", commits(id))).contains(Pseudonyms.email(id, owner), Pseudonyms.email(id, reseller),
                Pseudonyms.email(id, finance), Pseudonyms.NAME);
        Awaitility.await("the outbox drained").atMost(Duration.ofSeconds(30))
                .until(() -> occurrences(owner, reseller, finance, name).isEmpty());

        // the rewritten stream replays to the live state, projections and snapshot included
        ProjectionVerifier.Report report = verifier.verify(List.of(id));
        assertThat(report.differences()).isEmpty();
        assertThat(report.consistent()).isTrue();
        // the customer still reads it (recognised by the pseudonym of its address), a stranger does not
        given().header("Authorization", customer).get("/api/v1/subscriptions/{id}/balance", id)
                .then().statusCode(200).body("status", equalTo("DEPROVISIONED"));
        given().header("Authorization", TestTokens.bearer(TestTokens.reseller(reseller))).get("/api/v1/subscriptions/{id}/alerts/1", id)
                .then().statusCode(200).body("recipients", hasItem(Pseudonyms.email(id, finance)));
        given().header("Authorization", TestTokens.bearer(TestTokens.customer("stranger-" + tag + "@example.com")))
                .get("/api/v1/subscriptions/{id}/balance", id).then().statusCode(404);
    }
}
