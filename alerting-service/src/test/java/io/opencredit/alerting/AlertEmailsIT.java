package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.awaitMail;
import static io.opencredit.alerting.Fixtures.header;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.mailTo;
import static io.opencredit.alerting.Fixtures.notifications;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.subject;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.NotificationSent;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.Topics;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A1–A4 and S1–S4 notices, end to end: ledger events on the real broker, mail in GreenMail. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class AlertEmailsIT {

    @Test
    void A1_A2_A3_S1_S4_every_alert_type_reaches_the_right_addresses_in_bokmaal_for_a_norwegian_subscription() {
        String admin = unique("kari", "example.no");
        String reseller = unique("reseller", "example.com");
        String finance = unique("finance", "example.no");
        UUID subscription = Fixtures.subscription("Fjordkraft Drift", "NO", "nb", "NOK", admin, reseller);
        UUID token = UUID.randomUUID();
        Instant at = Instant.parse("2026-06-01T12:00:00Z");

        EventEnvelope balanceLow = ledgerEvent(subscription, new TokenBalanceLow(token, Money.of("1070", "NOK"), Money.of("321", "NOK"), 30));
        EventEnvelope expiring = ledgerEvent(subscription, new TokenExpiring(token, Money.of("321", "NOK"), Instant.parse("2026-07-01T00:00:00Z")));
        EventEnvelope expired = ledgerEvent(subscription, new TokenExpired(token, Money.of("300.5", "NOK"), Instant.parse("2026-07-01T00:00:00Z")));
        EventEnvelope creditLow = ledgerEvent(subscription, new SubscriptionCreditLow(1, Money.of("500", "NOK"), Money.of("499.99", "NOK"), List.of(finance)));
        EventEnvelope suspended = ledgerEvent(subscription, new SubscriptionSuspended(at, Money.of("12.5", "NOK"), at.plus(Duration.ofDays(90))));
        EventEnvelope reactivated = ledgerEvent(subscription, new SubscriptionReactivated(at.plusSeconds(60), Money.of("12.5", "NOK"), Money.of("1057.5", "NOK")));
        EventEnvelope forfeited = ledgerEvent(subscription, new CreditForfeited(token, Money.of("1057.5", "NOK"), CreditForfeited.ENTERPRISE_AGREEMENT_LINK));
        EventEnvelope deprovisioned = ledgerEvent(subscription, new SubscriptionDeprovisioned(at.plus(Duration.ofDays(90))));
        EventEnvelope noise = ledgerEvent(subscription, new BalanceChanged(Money.of("10", "NOK"), Money.zero("NOK"), SubscriptionStatus.ACTIVE, at));
        publish(balanceLow, noise, expiring, expired, creditLow, suspended, reactivated, forfeited, deprovisioned);

        List<EventEnvelope> toAdmins = List.of(balanceLow, expiring, expired, suspended, reactivated, forfeited, deprovisioned);
        Set<String> adminEventIds = toAdmins.stream().map(e -> e.eventId().toString()).collect(Collectors.toSet());
        for (String administrator : List.of(admin, reseller)) {
            List<MimeMessage> mail = awaitMail(administrator, toAdmins.size());
            assertThat(mail).hasSize(toAdmins.size());
            assertThat(mail).extracting(m -> header(m, "X-OpenCredit-Event-Id")).containsExactlyInAnyOrderElementsOf(adminEventIds);
            assertThat(mail).allSatisfy(m -> assertThat(header(m, "Content-Language")).isEqualTo("nb"));
        }
        List<MimeMessage> financeMail = awaitMail(finance, 1);
        assertThat(financeMail).hasSize(1);
        assertThat(subject(financeMail.get(0))).isEqualTo("Fjordkraft Drift: gjenværende kreditt er 499,99 NOK");
        assertThat(header(financeMail.get(0), "X-OpenCredit-Event-Id")).isEqualTo(creditLow.eventId().toString());

        Map<String, String> subjects = mailTo(admin).stream()
                .collect(Collectors.toMap(m -> header(m, "X-OpenCredit-Event-Id"), Fixtures::subject));
        assertThat(subjects.get(balanceLow.eventId().toString())).isEqualTo("Fjordkraft Drift: et kredittoken har bare 321,00 NOK igjen");
        assertThat(subjects.get(expiring.eventId().toString())).isEqualTo("Fjordkraft Drift: 321,00 NOK i kreditt utløper 01.07.2026");
        assertThat(subjects.get(expired.eventId().toString())).isEqualTo("Fjordkraft Drift: 300,50 NOK i kreditt har utløpt");
        assertThat(subjects.get(suspended.eventId().toString())).isEqualTo("Fjordkraft Drift er suspendert: kreditten er brukt opp");
        assertThat(subjects.get(reactivated.eventId().toString())).isEqualTo("Fjordkraft Drift er aktiv igjen");
        assertThat(subjects.get(forfeited.eventId().toString())).isEqualTo("Fjordkraft Drift: 1\u00a0057,50 NOK i kreditt er tapt");
        assertThat(subjects.get(deprovisioned.eventId().toString())).isEqualTo("Fjordkraft Drift er avviklet og dataene slettet");
        MimeMessage suspension = mailTo(admin).stream()
                .filter(m -> header(m, "X-OpenCredit-Event-Id").equals(suspended.eventId().toString())).findFirst().orElseThrow();
        assertThat(Fixtures.part(suspension, "text/plain"))
                .contains("Hei,", "«Fjordkraft Drift»", "ble suspendert 01.06.2026", "12,50 NOK", "beholdes til 30.08.2026", "Dette kan du gjøre: fyll på før 30.08.2026");
        assertThat(Fixtures.part(suspension, "text/html")).contains("<p>", "Dette kan du gjøre", "30.08.2026", "12,50 NOK");
        MimeMessage forfeiture = mailTo(admin).stream()
                .filter(m -> header(m, "X-OpenCredit-Event-Id").equals(forfeited.eventId().toString())).findFirst().orElseThrow();
        assertThat(Fixtures.part(forfeiture, "text/plain")).contains("1\u00a0057,50 NOK i ubrukt kreditt");
        assertThat(Fixtures.part(forfeiture, "text/html")).contains("1\u00a0057,50 NOK i ubrukt kreditt");

        // the API lists all 15 emails as sent, with their causes; and 15 NotificationSent went out
        await().atMost(Fixtures.PATIENCE).until(() -> notifications(subscription, admin).getList("status").stream()
                .filter("SENT"::equals).count() == 15);
        JsonPath listed = notifications(subscription, admin);
        assertThat(listed.getList("type", String.class)).doesNotContain("BalanceChanged")
                .contains("TokenBalanceLow", "TokenExpiring", "TokenExpired", "SubscriptionCreditLow", "SubscriptionSuspended",
                        "SubscriptionReactivated", "SubscriptionDeprovisioned", "CreditForfeited");
        assertThat(listed.getList("language", String.class)).containsOnly("nb");
        assertThat(listed.getList("sentAt", String.class)).doesNotContainNull();
        List<EventEnvelope> sent = KafkaTestSupport.readEventsUntil(Topics.ALERTING_EVENTS,
                events -> KafkaTestSupport.ids(events, NotificationSent.class, subscription).size() >= 15, Fixtures.PATIENCE);
        List<EventEnvelope> mine = sent.stream().filter(e -> subscription.equals(e.subscriptionId())).toList();
        assertThat(mine).hasSize(15);
        assertThat(mine).extracting(EventEnvelope::causationId).containsAll(toAdmins.stream().map(EventEnvelope::eventId).toList())
                .contains(creditLow.eventId());
    }

    @Test
    void other_countries_get_english() {
        String admin = unique("alice", "example.com");
        UUID subscription = Fixtures.subscription("Contoso Labs", "SE", "en", "SEK", admin);
        EventEnvelope expiring = ledgerEvent(subscription, new TokenExpiring(UUID.randomUUID(), Money.of("1090", "SEK"), Instant.parse("2027-01-15T08:00:00Z")));
        publish(expiring);
        MimeMessage mail = awaitMail(admin, 1).get(0);
        assertThat(subject(mail)).isEqualTo("Contoso Labs: 1,090.00 SEK of credit expires on 2027-01-15");
        assertThat(header(mail, "Content-Language")).isEqualTo("en");
        assertThat(Fixtures.part(mail, "text/plain")).contains("Hello,", "1,090.00 SEK", "expires on 2027-01-15 (UTC)", "What you can do");
        assertThat(Fixtures.part(mail, "text/html")).contains("What you can do", "\"Contoso Labs\"");
    }

    @Test
    void A4_a_redelivered_ledger_event_sends_nothing_more() {
        String admin = unique("bob", "example.com");
        String reseller = unique("partner", "example.com");
        UUID subscription = Fixtures.subscription("Northwind", "GB", "en", "GBP", admin, reseller);
        EventEnvelope low = ledgerEvent(subscription, new TokenBalanceLow(UUID.randomUUID(), Money.of("79", "GBP"), Money.of("20", "GBP"), 30));
        publish(low, low);
        awaitMail(admin, 1);
        awaitMail(reseller, 1);
        publish(low);
        Sleep.quietly(Duration.ofSeconds(4));
        assertThat(mailTo(admin)).hasSize(1);
        assertThat(mailTo(reseller)).hasSize(1);
        JsonPath listed = notifications(subscription, admin);
        assertThat(listed.getList("causingEventId", String.class)).containsExactly(low.eventId().toString(), low.eventId().toString());
        assertThat(listed.getList("status", String.class)).containsOnly("SENT");
    }

    @Test
    void alerts_read_before_their_subscription_are_held_and_sent_once_it_is_known() {
        String admin = unique("early", "example.com");
        UUID id = UUID.randomUUID();
        EventEnvelope low = ledgerEvent(id, new TokenBalanceLow(UUID.randomUUID(), Money.of("100", "USD"), Money.of("30", "USD"), 30));
        publish(low);
        Sleep.quietly(Duration.ofSeconds(2));
        assertThat(mailTo(admin)).isEmpty();
        Instant now = Instant.now();
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id,
                new io.opencredit.events.SubscriptionCreated("Late", "US", "public", "USD", admin, java.time.LocalDate.of(2020, 1, 1),
                        "en", admin, now), io.opencredit.events.Producers.ACTIVATION, null, now));
        MimeMessage mail = awaitMail(admin, 1).get(0);
        assertThat(subject(mail)).isEqualTo("Late: a credit token is down to 30.00 USD");
    }

    @Test
    void R4_a_rejected_credit_tells_the_administrators_it_was_not_added_and_what_happens_in_their_language() {
        String admin = unique("ola", "example.no");
        UUID norwegian = Fixtures.subscription("Fjordkraft Nett", "NO", "nb", "NOK", admin);
        EventEnvelope card = ledgerEvent(norwegian, new io.opencredit.events.CreditRejected(UUID.randomUUID(),
                io.opencredit.events.CreditSource.CREDIT_CARD, "pay_9Xy", Money.of("1500", "NOK"),
                io.opencredit.events.CreditRejected.DEPROVISIONED, "the subscription was deprovisioned"));
        publish(card);
        MimeMessage nb = awaitMail(admin, 1).get(0);
        assertThat(subject(nb)).isEqualTo("Fjordkraft Nett: 1\u00a0500,00 NOK i kreditt ble ikke lagt til");
        assertThat(Fixtures.part(nb, "text/plain")).contains("betalt med kort (betaling pay_9Xy)", "abonnementet var avviklet",
                "betalingen blir tilbakebetalt");
        assertThat(Fixtures.part(nb, "text/html")).contains("<p>", "betalingen blir tilbakebetalt");

        String owner = unique("erin", "example.com");
        UUID english = Fixtures.subscription("Contoso Retail", "US", "en", "USD", owner);
        publish(ledgerEvent(english, new io.opencredit.events.CreditRejected(UUID.randomUUID(),
                io.opencredit.events.CreditSource.OSA_KEY, "BCDFG-HJKMP-QRTVW-XY234-6789B", Money.of("100", "USD"),
                io.opencredit.events.CreditRejected.ENTERPRISE_AGREEMENT, null)));
        MimeMessage en = awaitMail(owner, 1).get(0);
        assertThat(subject(en)).isEqualTo("Contoso Retail: 100.00 USD of credit was not added");
        assertThat(Fixtures.part(en, "text/plain")).contains("key ending in 6789B", "linked to an Enterprise Agreement",
                "the key has been returned and can be activated again").doesNotContain("BCDFG");
    }
}
