package io.opencredit.alerting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.restassured.path.json.JsonPath;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Test helpers: subscriptions and ledger events on the real broker, mail read from GreenMail, the API. */
final class Fixtures {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    private Fixtures() {
    }

    static String unique(String prefix, String domain) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }

    /** Publishes SubscriptionCreated and CoAdministratorAdded and waits until the service knows them all. */
    static UUID subscription(String name, String country, String language, String currency, String admin, String... coAdmins) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id,
                new SubscriptionCreated(name, country, "public", currency, admin, LocalDate.of(2020, 1, 15), language, admin, now),
                Producers.ACTIVATION, null, now));
        for (String coAdmin : coAdmins) {
            KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, EventEnvelope.of(id, new CoAdministratorAdded(coAdmin, coAdmin),
                    Producers.ACTIVATION, null, now));
        }
        // the service knows the subscription once its administrators may read its emails (a hostile
        // co-administrator is followed by a harmless one in the tests, which is waited for instead)
        List<String> readers = new java.util.ArrayList<>(List.of(admin));
        Arrays.stream(coAdmins).filter(a -> a.chars().noneMatch(Character::isISOControl)).forEach(readers::add);
        for (String reader : readers) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> given()
                    .auth().oauth2(TestTokens.token(reader, "customer", "reseller"))
                    .get("/api/v1/subscriptions/{id}/notifications", id).statusCode() == 200);
        }
        return id;
    }

    static EventEnvelope ledgerEvent(UUID subscriptionId, EventPayload payload) {
        return EventEnvelope.of(subscriptionId, payload, Producers.LEDGER, UUID.randomUUID(), Instant.now());
    }

    static void publish(EventEnvelope... events) {
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, events);
    }

    /** The service's list of emails of a subscription, as its account admin sees it: the items of its first page (at most 100). */
    static JsonPath notifications(UUID subscriptionId, String admin) {
        return given().auth().oauth2(TestTokens.customer(admin))
                .get("/api/v1/subscriptions/{id}/notifications", subscriptionId)
                .then().statusCode(200).extract().jsonPath().setRootPath("items");
    }

    static List<MimeMessage> mailTo(String address) {
        return RealInfrastructure.receivedMessages().stream().filter(m -> recipients(m).contains(address)).toList();
    }

    static List<MimeMessage> awaitMail(String address, int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> mailTo(address).size() >= count);
        return mailTo(address);
    }

    /** Every stored copy of the mail caused by this event (GreenMail keeps one copy per envelope recipient). */
    static List<MimeMessage> mailCausedBy(UUID eventId) {
        return RealInfrastructure.receivedMessages().stream()
                .filter(m -> eventId.toString().equals(header(m, "X-OpenCredit-Event-Id"))).toList();
    }

    static List<String> recipients(MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to == null ? List.of() : Arrays.stream(to).map(a -> a.toString().toLowerCase()).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : values[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text of the first part of this MIME type ("text/plain", "text/html"). */
    static String part(MimeMessage message, String mimeType) {
        try {
            String found = part((jakarta.mail.Part) message, mimeType);
            if (found == null) {
                throw new AssertionError("no " + mimeType + " part in " + raw(message));
            }
            return found;
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(jakarta.mail.Part part, String mimeType) throws MessagingException, java.io.IOException {
        if (part.isMimeType(mimeType)) {
            return part.getContent().toString();
        }
        if (part.isMimeType("multipart/*")) {
            jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static String raw(MimeMessage message) {
        return GreenMailUtil.getWholeMessage(message);
    }
}
