package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.awaitMail;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.notifications;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import io.opencredit.events.Money;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** SPEC §5: CR/LF in a subscription name or an address cannot add a mail header. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class HeaderInjectionIT {

    @Test
    void a_subscription_name_or_address_with_CR_LF_cannot_add_a_header() {
        String evilDomain = "evil-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String evil = "evil@" + evilDomain;
        String admin = unique("victim", "example.com");
        String partner = unique("partner", "example.com");
        UUID subscription = Fixtures.subscription("Evil Corp <b>x</b>\r\nBcc: " + evil + "\r\nX-Injected: yes", "US", "en", "USD",
                admin, "sneaky@example.com\r\nBcc: " + evil, partner);
        io.opencredit.events.EventEnvelope alert = ledgerEvent(subscription,
                new TokenBalanceLow(UUID.randomUUID(), Money.of("100", "USD"), Money.of("30", "USD"), 30));
        publish(alert);

        MimeMessage mail = awaitMail(admin, 1).get(0);
        awaitMail(partner, 1);
        Sleep.quietly(Duration.ofSeconds(2));
        String raw = Fixtures.raw(mail);
        String headers = raw.substring(0, raw.indexOf("\r\n\r\n") > 0 ? raw.indexOf("\r\n\r\n") : raw.length());
        assertThat(headers).doesNotContainPattern("(?im)^bcc:").doesNotContainPattern("(?im)^x-injected:");
        assertThat(Fixtures.subject(mail)).doesNotContain("\r", "\n").startsWith("Evil Corp <b>x</b> Bcc: ");

        // and in the HTML body the name is escaped
        assertThat(Fixtures.part(mail, "text/html")).contains("Evil Corp &lt;b&gt;x&lt;/b&gt; Bcc: ").doesNotContain("<b>x</b>");

        // the evil address received nothing: no header names it, and the server stored exactly one copy
        // per legitimate recipient (it stores one per envelope recipient, so an extra RCPT would show)
        GreenMail greenMail = RealInfrastructure.greenMail();
        assertThat(greenMail.getReceivedMessagesForDomain(evilDomain)).isEmpty();
        assertThat(Fixtures.mailCausedBy(alert.eventId())).hasSize(2);
        assertThat(Fixtures.mailCausedBy(alert.eventId())).flatExtracting(Fixtures::recipients).containsExactlyInAnyOrder(admin, partner);

        // the hostile co-administrator address is refused and shown escaped, never sent
        await().atMost(Fixtures.PATIENCE).until(() -> notifications(subscription, admin).getList("status").size() == 3);
        JsonPath listed = notifications(subscription, admin);
        assertThat(listed.getList("status", String.class)).containsExactlyInAnyOrder("SENT", "SENT", "REFUSED");
        assertThat(listed.getList("subject", String.class)).allSatisfy(s -> assertThat(s).doesNotContain("\r", "\n"));
        assertThat(listed.getString("find { it.status == 'REFUSED' }.recipients[0]")).contains("\\u000D\\u000A").doesNotContain("\r", "\n");
    }
}
