package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.awaitMail;
import static io.opencredit.alerting.Fixtures.ledgerEvent;
import static io.opencredit.alerting.Fixtures.publish;
import static io.opencredit.alerting.Fixtures.subject;
import static io.opencredit.alerting.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** F1 forecasts become emails to the administrators, in Norwegian or English, once per event. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class ForecastEmailsIT {

    @Test
    void F1_the_depletion_forecast_and_the_unused_expiry_are_emailed_once_in_the_subscriptions_language() {
        String admin = unique("kari", "example.no");
        UUID norwegian = Fixtures.subscription("Fjordkraft Drift", "NO", "nb", "NOK", admin);
        EventEnvelope depletion = ledgerEvent(norwegian, new CreditDepletionForecast(LocalDate.parse("2026-03-12"), 11,
                Money.of("250.5", "NOK"), Money.of("2755.5", "NOK")));
        EventEnvelope unused = ledgerEvent(norwegian, new TokenWillExpireUnused(UUID.randomUUID(),
                Instant.parse("2026-03-31T10:15:30Z"), Money.of("1200", "NOK"), Money.of("40", "NOK")));
        publish(depletion, unused, depletion); // the redelivery sends nothing more
        var mail = awaitMail(admin, 2);
        assertThat(mail).extracting(Fixtures::subject).containsExactlyInAnyOrder(
                "Fjordkraft Drift: kreditten er brukt opp om 11 dager med dagens forbruk",
                "Fjordkraft Drift: 1\u00a0200,00 NOK i kreditt blir trolig ikke brukt før 31.03.2026");
        MimeMessage forecast = mail.stream().filter(m -> subject(m).contains("11 dager")).findFirst().orElseThrow();
        assertThat(Fixtures.part(forecast, "text/plain")).contains("250,50 NOK per dag", "12.03.2026", "om 11 dager");
        assertThat(Fixtures.part(forecast, "text/html")).contains("<p>", "brukt opp 12.03.2026");

        String owner = unique("erin", "example.com");
        UUID english = Fixtures.subscription("Contoso Retail", "US", "en", "USD", owner);
        publish(ledgerEvent(english, new CreditDepletionForecast(LocalDate.parse("2026-03-05"), 4, Money.of("25", "USD"),
                Money.of("100", "USD"))));
        MimeMessage en = awaitMail(owner, 1).get(0);
        assertThat(subject(en)).isEqualTo("Contoso Retail: credit runs out in 4 days at the current usage");
        assertThat(Fixtures.part(en, "text/plain")).contains("about 25.00 USD a day", "will run out on 2026-03-05 (UTC), in 4 days");

        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Fixtures.mailTo(admin)).hasSize(2));
    }
}
