package io.opencredit.ledger.domain;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Money;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.SubscriptionLinkedToEnterpriseAgreement;
import io.opencredit.events.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Builders of the ledger's inputs for tests. */
final class Ev {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String USD = "USD";

    private Ev() {
    }

    static Money usd(String amount) {
        return Money.of(amount, USD);
    }

    static SubscriptionCreated created(String email) {
        return new SubscriptionCreated("Contoso", "NO", "public", USD, email, LocalDate.of(2020, 1, 1), "en", email, T0);
    }

    static CoAdministratorAdded coAdmin(String email) {
        return new CoAdministratorAdded(email, "reseller@example.com");
    }

    static CreditAdded credit(UUID tokenId, String amount, Instant activatedAt) {
        Instant expires = activatedAt.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
        return new CreditAdded(tokenId, CreditSource.OSA_KEY, usd(amount), activatedAt, expires, "KEY-" + tokenId, "reseller-1", null);
    }

    static CreditAdded credit(String amount, Instant activatedAt) {
        return credit(UUID.randomUUID(), amount, activatedAt);
    }

    static CreditAdded card(String amount, Instant paidAt) {
        Instant expires = paidAt.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
        return new CreditAdded(UUID.randomUUID(), CreditSource.CREDIT_CARD, usd(amount), paidAt, expires, null, null, "pay-" + UUID.randomUUID());
    }

    static UsageRecorded usage(String id, String amount, Instant at) {
        return new UsageRecorded(id, "vm-d2", "Virtual Machines", BigDecimal.ONE, "hour", usd(amount), usd(amount), true, at);
    }

    static UsageRecorded ineligible(String id, String amount, Instant at) {
        return new UsageRecorded(id, "marketplace-app", "Marketplace", BigDecimal.ONE, "month", usd(amount), usd(amount), false, at);
    }

    static SubscriptionLinkedToEnterpriseAgreement link(Instant at) {
        return new SubscriptionLinkedToEnterpriseAgreement("EA-1234567", at, "customer@example.com");
    }

    static AlertRuleSet alert(int n, String threshold, String... recipients) {
        return new AlertRuleSet(n, usd(threshold), List.of(recipients));
    }

    static <T extends EventPayload> List<T> ofType(List<LedgerFact> facts, Class<T> type) {
        return facts.stream().map(LedgerFact::payload).filter(type::isInstance).map(type::cast).toList();
    }

    static List<String> types(List<LedgerFact> facts) {
        return facts.stream().map(LedgerFact::type).toList();
    }
}
