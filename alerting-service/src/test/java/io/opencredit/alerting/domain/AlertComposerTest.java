package io.opencredit.alerting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertComposerTest {

    private static final UUID SUBSCRIPTION = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private static SubscriptionView view(String country, String language, String name) {
        return new SubscriptionView(SUBSCRIPTION, name, "admin@example.com", country, language, "NOK",
                List.of("reseller@example.com", "ADMIN@example.com"));
    }

    private static EventEnvelope event(EventPayload payload) {
        return EventEnvelope.of(SUBSCRIPTION, payload, Producers.LEDGER, UUID.randomUUID(), AT);
    }

    @Test
    void A1_token_balance_low_goes_to_admin_and_co_administrators_once_each() {
        Alert alert = AlertComposer.compose(event(new TokenBalanceLow(UUID.randomUUID(), Money.of("1070", "NOK"),
                Money.of("321", "NOK"), 30)), view("NO", "nb", "Fjordkraft")).orElseThrow();
        assertThat(alert.recipients()).containsExactly("admin@example.com", "reseller@example.com");
        assertThat(alert.language()).isEqualTo("nb");
        assertThat(alert.subject()).isEqualTo("Fjordkraft: et kredittoken har bare 321,00 NOK igjen");
        assertThat(alert.model()).containsEntry("remaining", "321,00").containsEntry("original", "1\u00a0070,00")
                .containsEntry("percent", "30").containsEntry("currency", "NOK");
    }

    @Test
    void A1_norwegian_mail_writes_amounts_the_norwegian_way() {
        Alert alert = AlertComposer.compose(event(new TokenBalanceLow(UUID.randomUUID(), Money.of("12345.5", "USD"),
                Money.of("3703.65", "USD"), 30)), view("NO", "nb", "Fjordkraft")).orElseThrow();
        assertThat(alert.subject()).isEqualTo("Fjordkraft: et kredittoken har bare 3\u00a0703,65 USD igjen");
        assertThat(alert.model()).containsEntry("remaining", "3\u00a0703,65").containsEntry("original", "12\u00a0345,50")
                .containsEntry("currency", "USD");
    }

    @Test
    void A1_english_mail_writes_amounts_the_english_way() {
        Alert alert = AlertComposer.compose(event(new TokenBalanceLow(UUID.randomUUID(), Money.of("12345.5", "USD"),
                Money.of("3703.65", "USD"), 30)), view("US", "en", "Contoso")).orElseThrow();
        assertThat(alert.subject()).isEqualTo("Contoso: a credit token is down to 3,703.65 USD");
        assertThat(alert.model()).containsEntry("remaining", "3,703.65").containsEntry("original", "12,345.50")
                .containsEntry("currency", "USD");
    }

    @Test
    void A3_subscription_credit_low_goes_only_to_the_alerts_addresses() {
        Alert alert = AlertComposer.compose(event(new SubscriptionCreditLow(2, Money.of("100", "NOK"), Money.of("99.5", "NOK"),
                List.of("Finance@Example.com", "ops@example.com"))), view("SE", "en", "Contoso")).orElseThrow();
        assertThat(alert.recipients()).containsExactly("finance@example.com", "ops@example.com");
        assertThat(alert.language()).isEqualTo("en");
        assertThat(alert.subject()).isEqualTo("Contoso: remaining credit is 99.50 NOK");
    }

    @Test
    void norwegian_subscriptions_get_bokmaal_and_others_english() {
        EventEnvelope expiring = event(new TokenExpiring(UUID.randomUUID(), Money.of("10", "NOK"), Instant.parse("2026-04-01T00:00:00Z")));
        assertThat(AlertComposer.compose(expiring, view("NO", "en", "A")).orElseThrow().subject()).isEqualTo("A: 10,00 NOK i kreditt utløper 01.04.2026");
        assertThat(AlertComposer.compose(expiring, view("DK", "en", "A")).orElseThrow().subject()).isEqualTo("A: 10.00 NOK of credit expires on 2026-04-01");
    }

    @Test
    void every_notice_type_composes_and_other_ledger_events_do_not() {
        UUID token = UUID.randomUUID();
        Money amount = Money.of("5", "NOK");
        List<EventPayload> notices = List.of(
                new TokenExpired(token, amount, AT),
                new SubscriptionSuspended(AT, amount, AT.plusSeconds(90L * 86400)),
                new SubscriptionReactivated(AT, amount, amount),
                new SubscriptionDeprovisioned(AT),
                new CreditForfeited(token, amount, CreditForfeited.ENTERPRISE_AGREEMENT_LINK));
        for (EventPayload notice : notices) {
            Alert alert = AlertComposer.compose(event(notice), view("GB", "en", "Contoso")).orElseThrow();
            assertThat(alert.type()).isEqualTo(notice.eventType());
            assertThat(alert.recipients()).containsExactly("admin@example.com", "reseller@example.com");
            assertThat(alert.subject()).startsWith("Contoso");
        }
        assertThat(AlertComposer.causesEmail(new BalanceChanged(Money.of("1", "NOK"), Money.zero("NOK"),
                io.opencredit.events.SubscriptionStatus.ACTIVE, AT))).isFalse();
    }

    @Test
    void R4_a_rejected_card_credit_tells_the_administrators_in_bokmaal_that_it_is_refunded() {
        Alert alert = AlertComposer.compose(event(new CreditRejected(UUID.randomUUID(), CreditSource.CREDIT_CARD, "pay_3Nq8x",
                Money.of("1500", "NOK"), CreditRejected.DEPROVISIONED, "the subscription was deprovisioned")),
                view("NO", "nb", "Fjordkraft")).orElseThrow();
        assertThat(alert.type()).isEqualTo("CreditRejected");
        assertThat(alert.recipients()).containsExactly("admin@example.com", "reseller@example.com");
        assertThat(alert.subject()).isEqualTo("Fjordkraft: 1\u00a0500,00 NOK i kreditt ble ikke lagt til");
        assertThat(alert.model()).containsEntry("amount", "1\u00a0500,00").containsEntry("card", true)
                .containsEntry("reference", "pay_3Nq8x").containsEntry("deprovisioned", true)
                .containsEntry("enterpriseAgreement", false);
    }

    @Test
    void R4_a_rejected_key_credit_says_so_in_english_and_shows_only_the_keys_last_group() {
        Alert alert = AlertComposer.compose(event(new CreditRejected(UUID.randomUUID(), CreditSource.OSA_KEY,
                "BCDFG-HJKMP-QRTVW-XY234-6789B", Money.of("100", "USD"), CreditRejected.ENTERPRISE_AGREEMENT, null)),
                view("US", "en", "Contoso")).orElseThrow();
        assertThat(alert.subject()).isEqualTo("Contoso: 100.00 USD of credit was not added");
        assertThat(alert.model()).containsEntry("card", false).containsEntry("reference", "6789B")
                .containsEntry("enterpriseAgreement", true).containsEntry("currency", "USD");
        assertThat(alert.model().values()).noneMatch(v -> String.valueOf(v).contains("BCDFG"));
    }

    @Test
    void a_name_with_CR_LF_cannot_reach_the_subject_as_a_header_and_bad_addresses_are_refused() {
        SubscriptionView hostile = new SubscriptionView(SUBSCRIPTION, "Evil\r\nBcc: evil@example.com", "admin@example.com",
                "US", "en", "USD", List.of("x@example.com\r\nBcc: evil@example.com"));
        Alert alert = AlertComposer.compose(event(new SubscriptionDeprovisioned(AT)), hostile).orElseThrow();
        assertThat(alert.subject()).doesNotContain("\r", "\n");
        assertThat(alert.recipients()).containsExactly("admin@example.com");
        assertThat(alert.refused()).containsExactly("x@example.com\\u000D\\u000ABcc: evil@example.com");
        assertThat((String) alert.model().get("name")).doesNotContain("\r", "\n");
    }
}
