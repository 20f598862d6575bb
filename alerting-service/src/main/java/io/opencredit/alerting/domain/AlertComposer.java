package io.opencredit.alerting.domain;

import io.opencredit.events.CreditForfeited;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Money;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a ledger event is worth an email and composes it (SPEC A1–A3, S1–S4): who gets it,
 * in which language, the subject and the values the templates show. Pure: no I/O, no clock.
 */
public final class AlertComposer {

    /** The ledger event types that cause an email. */
    public static final Set<String> TYPES = Set.of(
            "TokenBalanceLow", "TokenExpiring", "TokenExpired", "SubscriptionCreditLow",
            "SubscriptionSuspended", "SubscriptionReactivated", "SubscriptionDeprovisioned", "CreditForfeited");

    /** Longest subscription name shown in a subject. */
    static final int SUBJECT_NAME_LENGTH = 80;
    static final int SUBJECT_LENGTH = 200;

    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NB_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy").withZone(ZoneOffset.UTC);

    private AlertComposer() {
    }

    public static boolean causesEmail(EventPayload payload) {
        return TYPES.contains(payload.eventType());
    }

    /** The email for this event to this subscription's people, or empty if the event causes none. */
    public static Optional<Alert> compose(EventEnvelope event, SubscriptionView subscription) {
        EventPayload payload = event.payload();
        if (!causesEmail(payload)) {
            return Optional.empty();
        }
        String language = Languages.of(subscription.language(), subscription.country());
        boolean nb = Languages.NB.equals(language);
        DateTimeFormatter dates = nb ? NB_DATE : EN_DATE;
        String safeName = MailSafety.headerText(subscription.name(), SUBJECT_NAME_LENGTH);
        if (safeName.isEmpty()) {
            safeName = subscription.subscriptionId().toString();
        }

        Map<String, Object> model = new HashMap<>();
        model.put("type", payload.eventType());
        model.put("name", MailSafety.headerText(subscription.name(), 500));
        model.put("subscriptionId", subscription.subscriptionId().toString());
        model.put("currency", subscription.currency());
        model.put("occurredOn", dates.format(event.occurredAt()));
        List<String> to = subscription.administrators();
        String subject;

        if (payload instanceof TokenBalanceLow low) {
            amounts(model, low.remaining(), "remaining");
            amounts(model, low.original(), "original");
            model.put("percent", Integer.toString(low.thresholdPercent()));
            model.put("tokenId", low.tokenId().toString());
            subject = nb ? safeName + ": et kredittoken har bare " + low.remaining().amountText() + " " + low.remaining().currency() + " igjen"
                    : safeName + ": a credit token is down to " + low.remaining().amountText() + " " + low.remaining().currency();
        } else if (payload instanceof TokenExpiring expiring) {
            amounts(model, expiring.remaining(), "remaining");
            model.put("expiresOn", date(dates, expiring.expiresAt()));
            model.put("tokenId", expiring.tokenId().toString());
            subject = nb ? safeName + ": " + expiring.remaining() + " i kreditt utløper " + date(dates, expiring.expiresAt())
                    : safeName + ": " + expiring.remaining() + " of credit expires on " + date(dates, expiring.expiresAt());
        } else if (payload instanceof TokenExpired expired) {
            amounts(model, expired.forfeited(), "forfeited");
            model.put("expiredOn", date(dates, expired.expiredAt()));
            model.put("tokenId", expired.tokenId().toString());
            subject = nb ? safeName + ": " + expired.forfeited() + " i kreditt har utløpt"
                    : safeName + ": " + expired.forfeited() + " of credit has expired";
        } else if (payload instanceof SubscriptionCreditLow creditLow) {
            amounts(model, creditLow.remaining(), "remaining");
            amounts(model, creditLow.threshold(), "threshold");
            model.put("alertNumber", Integer.toString(creditLow.alertNumber()));
            to = creditLow.recipients();
            subject = nb ? safeName + ": gjenværende kreditt er " + creditLow.remaining()
                    : safeName + ": remaining credit is " + creditLow.remaining();
        } else if (payload instanceof SubscriptionSuspended suspended) {
            amounts(model, suspended.overage(), "overage");
            model.put("hasOverage", suspended.overage().isPositive());
            model.put("suspendedOn", date(dates, suspended.suspendedAt()));
            model.put("deprovisionOn", date(dates, suspended.deprovisionAt()));
            subject = nb ? safeName + " er suspendert: kreditten er brukt opp"
                    : safeName + " is suspended: its credit is used up";
        } else if (payload instanceof SubscriptionReactivated reactivated) {
            amounts(model, reactivated.overageSettled(), "overageSettled");
            amounts(model, reactivated.remaining(), "remaining");
            model.put("hasOverage", reactivated.overageSettled().isPositive());
            model.put("reactivatedOn", date(dates, reactivated.reactivatedAt()));
            subject = nb ? safeName + " er aktiv igjen" : safeName + " is active again";
        } else if (payload instanceof SubscriptionDeprovisioned gone) {
            model.put("deprovisionedOn", date(dates, gone.deprovisionedAt()));
            subject = nb ? safeName + " er avviklet og dataene slettet" : safeName + " has been deprovisioned and its data deleted";
        } else if (payload instanceof CreditForfeited forfeited) {
            amounts(model, forfeited.amount(), "amount");
            model.put("tokenId", forfeited.tokenId().toString());
            model.put("enterpriseAgreement", CreditForfeited.ENTERPRISE_AGREEMENT_LINK.equals(forfeited.reason()));
            subject = nb ? safeName + ": " + forfeited.amount() + " i kreditt er tapt"
                    : safeName + ": " + forfeited.amount() + " of credit forfeited";
        } else {
            return Optional.empty();
        }

        List<String> recipients = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : to) {
            Optional<String> address = MailSafety.address(raw);
            if (address.isPresent()) {
                if (seen.add(address.get())) {
                    recipients.add(address.get());
                }
            } else {
                String shown = MailSafety.visible(raw);
                if (seen.add(shown)) {
                    refused.add(shown);
                }
            }
        }
        return Optional.of(new Alert(payload.eventType(), language, MailSafety.headerText(subject, SUBJECT_LENGTH),
                model, recipients, refused));
    }

    private static void amounts(Map<String, Object> model, Money money, String key) {
        model.put(key, money.amountText());
        model.put("currency", money.currency());
    }

    private static String date(DateTimeFormatter format, Instant instant) {
        return format.format(instant);
    }
}
