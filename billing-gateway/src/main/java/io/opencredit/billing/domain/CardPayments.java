package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.billing.persistence.PaymentStore;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.Currencies;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.Sha256;
import io.opencredit.events.Topics;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Card top-ups (SPEC S5, M3, T1): a verified payment confirmation becomes a token of credit
 * ({@code CreditAdded}, source {@code CREDIT_CARD}, valid 12 calendar months), once per payment reference.
 */
@ApplicationScoped
public class CardPayments {

    /** S5: countries where a card top-up is refused. */
    public static final Set<String> REFUSED_COUNTRIES = Set.of("AZ", "BY", "BR", "CA", "JP", "KZ", "KR", "RU", "TW", "UA");
    static final Set<String> FIELDS = Set.of("paymentReference", "subscriptionId", "amount", "currency", "paidAt");

    /** A payment's answer; {@code replay} when the reference was credited before (nothing done again). */
    public record Confirmation(String paymentReference, UUID subscriptionId, UUID tokenId, Money amount,
                               Instant activatedAt, Instant expiresAt, boolean replay) {
    }

    private final PaymentStore payments;
    private final SubscriptionStore subscriptions;
    private final Outbox outbox;
    private final SuiteClock clock;

    public CardPayments(PaymentStore payments, SubscriptionStore subscriptions, Outbox outbox, SuiteClock clock) {
        this.payments = payments;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Applies a confirmation whose signature was verified; throws {@link ProblemException} for bad input or refused rules. */
    @Transactional
    public Confirmation confirm(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("invalid-value", "the payment confirmation must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ProblemException.badRequest("unknown-field", "unknown field '" + name + "'; known fields: " + FIELDS);
            }
        }
        String reference;
        UUID subscriptionId;
        BigDecimal amount;
        String currency;
        Instant paidAt;
        try {
            reference = UsageRules.visibleText(body.get("paymentReference"), "paymentReference");
            JsonNode sub = body.get("subscriptionId");
            if (sub == null || !sub.isTextual() || !sub.asText().matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                throw new InvalidInput("invalid-value", "subscriptionId must be a UUID");
            }
            subscriptionId = UUID.fromString(sub.asText());
            amount = Decimals.nonNegative(body.get("amount"), "amount");
            if (amount.signum() == 0) {
                throw new InvalidInput("invalid-value", "amount must be positive");
            }
            JsonNode cur = body.get("currency");
            if (cur == null || !cur.isTextual()) {
                throw new InvalidInput("invalid-value", "currency is required (ISO 4217)");
            }
            currency = cur.asText();
            paidAt = UsageRules.instant(body.get("paidAt"), "paidAt");
        } catch (InvalidInput e) {
            throw ProblemException.badRequest(e.slug(), e.getMessage());
        }
        if (!Currencies.isSupported(currency)) {
            throw ProblemException.unprocessable("unknown-currency", "currency '" + currency + "' is not one of " + Currencies.DEFAULT_CREDIT_PER_UNIT.keySet());
        }
        String hash = hash(reference, subscriptionId, amount, currency, paidAt);

        Optional<PaymentStore.PaymentRow> earlier = payments.find(reference);
        if (earlier.isPresent()) {
            return replay(earlier.get(), hash);
        }
        SubscriptionInfo subscription = subscriptions.find(subscriptionId)
                .orElseThrow(() -> ProblemException.notFound("no subscription " + subscriptionId));
        if (REFUSED_COUNTRIES.contains(subscription.country().toUpperCase(Locale.ROOT))) {
            throw ProblemException.unprocessable("S5-card-top-up-refused-in-country",
                    "S5: credit-card top-up is not available for subscriptions in " + subscription.country());
        }
        if (!currency.equals(subscription.currency())) {
            throw ProblemException.unprocessable("M3-currency-mismatch",
                    "M3: the subscription's currency is " + subscription.currency() + ", the payment is in " + currency);
        }
        if (subscription.deprovisioned()) {
            throw ProblemException.unprocessable("S3-subscription-deprovisioned", "S3: the subscription is deprovisioned and takes no more credit");
        }
        if (subscription.linkedToEnterpriseAgreement()) {
            throw ProblemException.unprocessable("K8-subscription-linked-to-ea", "K8: the subscription is linked to an Enterprise Agreement and takes no more credit");
        }
        Instant now = clock.now();
        Instant expiresAt = now.atZone(ZoneOffset.UTC).plusMonths(12).toInstant();
        UUID tokenId = UUID.randomUUID();
        Money money = Money.of(amount, currency);
        CreditAdded credit = new CreditAdded(tokenId, CreditSource.CREDIT_CARD, money, now, expiresAt, null, null, reference);
        EventEnvelope event = EventEnvelope.of(subscriptionId, credit, Producers.BILLING, null, now);
        PaymentStore.PaymentRow row = new PaymentStore.PaymentRow(reference, subscriptionId, money.amount(), currency, paidAt, hash,
                tokenId, event.eventId(), now, expiresAt);
        if (!payments.insert(row, now)) {
            // a concurrent twin credited it first: answer as it did
            return replay(payments.find(reference).orElseThrow(), hash);
        }
        outbox.append(Topics.BILLING_EVENTS, event);
        subscriptions.tokenAdded(tokenId, subscriptionId, money.amount(), now, expiresAt);
        return new Confirmation(reference, subscriptionId, tokenId, money, now, expiresAt, false);
    }

    private static Confirmation replay(PaymentStore.PaymentRow row, String hash) {
        if (!row.requestHash().equals(hash)) {
            throw ProblemException.conflict("S5-payment-reference-reused",
                    "payment reference '" + row.paymentReference() + "' was already credited with different details");
        }
        return new Confirmation(row.paymentReference(), row.subscriptionId(), row.tokenId(), Money.of(row.amount(), row.currency()),
                row.activatedAt(), row.expiresAt(), true);
    }

    private static String hash(String reference, UUID subscriptionId, BigDecimal amount, String currency, Instant paidAt) {
        String canonical = reference + "\n" + subscriptionId + "\n" + amount.stripTrailingZeros().toPlainString() + "\n" + currency + "\n" + paidAt;
        return Sha256.hex(canonical);
    }
}
