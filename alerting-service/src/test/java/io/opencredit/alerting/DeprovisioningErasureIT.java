package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.awaitMail;
import static io.opencredit.alerting.Fixtures.header;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.mailCausedBy;
import static io.opencredit.alerting.Fixtures.notifications;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.subject;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.Producers;
import io.opencredit.events.Pseudonyms;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.Topics;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.PersonalData;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * S3 end to end on the real broker, PostgreSQL and GreenMail: the deprovisioning email still reaches the
 * administrators, then nothing of the subscription's names and addresses is left in alerting's tables, and the
 * events published from then on carry pseudonyms.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class DeprovisioningErasureIT {

    @Inject
    AgroalDataSource dataSource;

    private List<String> occurrences(String... needles) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return PersonalData.occurrences(connection, needles);
        }
    }

    @Test
    void S3_the_deprovisioning_email_is_delivered_then_every_name_and_address_is_erased() throws Exception {
        String admin = unique("s3admin", "example.no");
        String reseller = unique("s3reseller", "example.com");
        String late = unique("s3late", "example.com");
        String name = "Erasable " + UUID.randomUUID().toString().substring(0, 8);
        UUID subscription = Fixtures.subscription(name, "GB", "en", "GBP", admin, reseller);
        EventEnvelope low = ledgerEvent(subscription, new TokenBalanceLow(UUID.randomUUID(), Money.of("790", "GBP"), Money.of("237", "GBP"), 30));
        publish(low);
        awaitMail(admin, 1);
        assertThat(occurrences(admin, reseller, name)).as("before: the directory and the log hold them").isNotEmpty();

        EventEnvelope gone = ledgerEvent(subscription, new SubscriptionDeprovisioned(Instant.now()));
        publish(gone);
        // the email still reaches both administrators, with the subscription's name
        await().atMost(Fixtures.PATIENCE).until(() -> mailCausedBy(gone.eventId()).size() >= 2);
        assertThat(mailCausedBy(gone.eventId())).allSatisfy(m -> assertThat(subject(m)).isEqualTo(name + " has been deprovisioned and its data deleted"));
        assertThat(awaitMail(reseller, 2)).extracting(m -> header(m, "X-OpenCredit-Event-Id")).contains(gone.eventId().toString());

        // then nothing is left: directory, co-administrators, deliveries, emails' content (ErasureSweeper, every 5 s)
        await().atMost(Fixtures.PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> occurrences(admin, reseller, name).isEmpty());
        // a co-administrator added before the deprovisioning but read after it is kept only as a pseudonym, and an
        // alert read late emails no one
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(subscription, new CoAdministratorAdded(late, admin),
                Producers.ACTIVATION, null, Instant.now()));
        EventEnvelope lateAlert = ledgerEvent(subscription, new TokenBalanceLow(UUID.randomUUID(), Money.of("790", "GBP"), Money.of("20", "GBP"), 30));
        publish(lateAlert);
        await().atMost(Fixtures.PATIENCE).until(() -> occurrences(Pseudonyms.email(subscription, late)).size() == 1);
        assertThat(occurrences(admin, reseller, late, name)).isEmpty();

        // the administrators still see the log, by their pseudonym: ids, types and statuses kept, addresses not
        JsonPath listed = notifications(subscription, admin);
        assertThat(listed.getList("recipients.flatten()", String.class)).containsOnly(
                Pseudonyms.email(subscription, admin), Pseudonyms.email(subscription, reseller));
        assertThat(listed.getList("status", String.class)).containsOnly("SENT");
        assertThat(listed.getList("type", String.class)).containsExactlyInAnyOrder(
                "TokenBalanceLow", "TokenBalanceLow", "SubscriptionDeprovisioned", "SubscriptionDeprovisioned");
        assertThat(mailCausedBy(lateAlert.eventId())).isEmpty();

        // NotificationSent of the deprovisioning email: the pseudonyms, no name
        List<EventEnvelope> sent = KafkaTestSupport.readEventsUntil(Topics.ALERTING_EVENTS, events -> events.stream()
                .filter(e -> gone.eventId().equals(e.causationId())).count() >= 2, Fixtures.PATIENCE);
        List<NotificationSent> published = sent.stream().filter(e -> gone.eventId().equals(e.causationId()))
                .map(e -> (NotificationSent) e.payload()).toList();
        assertThat(published).flatExtracting(NotificationSent::recipients).containsExactlyInAnyOrder(
                Pseudonyms.email(subscription, admin), Pseudonyms.email(subscription, reseller));
        assertThat(published).extracting(NotificationSent::subject).containsOnly(Pseudonyms.NAME);
    }
}
