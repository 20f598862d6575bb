package io.opencredit.alerting.domain;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.CreditAdjusted;
import io.opencredit.events.CreditConsumed;
import io.opencredit.events.CreditDepletionForecast;
import io.opencredit.events.CreditForfeited;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EmailAddress;
import io.opencredit.events.EventDispatch;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.EventPayload;
import io.opencredit.events.Money;
import io.opencredit.events.MoneyFormat;
import io.opencredit.events.OverageRecorded;
import io.opencredit.events.OverageSettled;
import io.opencredit.events.SubscriptionCreditLow;
import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.events.SubscriptionReactivated;
import io.opencredit.events.SubscriptionSuspended;
import io.opencredit.events.TokenBalanceLow;
import io.opencredit.events.TokenExpired;
import io.opencredit.events.TokenExpiring;
import io.opencredit.events.TokenWillExpireUnused;
import io.opencredit.events.UsageBilledToCard;
import io.opencredit.events.UsageVoided;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a ledger event is worth an email and composes it (SPEC A1–A3, S1–S4, R4): who gets it,
 * in which language, the subject and the values the templates show. Pure: no I/O, no clock.
 */
public final class AlertComposer {

    /** The ledger events that cause an email, each with what its email says. */
    private static final Map<Class<? extends EventPayload>, Content<?>> EMAILS = index(
            new Content<>(TokenBalanceLow.class, AlertComposer::tokenBalanceLow),
            new Content<>(TokenExpiring.class, AlertComposer::tokenExpiring),
            new Content<>(TokenExpired.class, AlertComposer::tokenExpired),
            new Content<>(SubscriptionCreditLow.class, AlertComposer::subscriptionCreditLow),
            new Content<>(SubscriptionSuspended.class, AlertComposer::subscriptionSuspended),
            new Content<>(SubscriptionReactivated.class, AlertComposer::subscriptionReactivated),
            new Content<>(SubscriptionDeprovisioned.class, AlertComposer::subscriptionDeprovisioned),
            new Content<>(CreditForfeited.class, AlertComposer::creditForfeited),
            new Content<>(CreditRejected.class, AlertComposer::creditRejected),
            new Content<>(CreditDepletionForecast.class, AlertComposer::creditDepletionForecast),
            new Content<>(TokenWillExpireUnused.class, AlertComposer::tokenWillExpireUnused));

    /** The ledger events that cause an email, and those that deliberately do not (bookkeeping, no news for a person). */
    public static final EventDispatch TYPES = EventDispatch.named("AlertComposer.causesEmail").handles(EMAILS.keySet())
            .ignoring(CreditConsumed.class, UsageBilledToCard.class, OverageRecorded.class, OverageSettled.class, BalanceChanged.class,
                    // F4 corrections: bookkeeping; a low balance they cause arrives as SubscriptionCreditLow / TokenBalanceLow
                    CreditAdjusted.class, UsageVoided.class);

    /** Longest subscription name shown in a subject. */
    static final int SUBJECT_NAME_LENGTH = 80;
    static final int SUBJECT_LENGTH = 200;

    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NB_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy").withZone(ZoneOffset.UTC);

    private AlertComposer() {
    }

    public static boolean causesEmail(EventPayload payload) {
        return TYPES.handles(payload);
    }

    /** The email for this event to this subscription's people, or empty if the event causes none. */
    public static Optional<Alert> compose(EventEnvelope event, SubscriptionView subscription) {
        EventPayload payload = event.payload();
        Content<?> content = EMAILS.get(payload.getClass());
        if (content == null) {
            return Optional.empty();
        }
        String language = Languages.of(subscription.language(), subscription.country());
        Draft mail = new Draft(language, subscription, event.occurredAt());
        mail.model.put("type", payload.eventType());
        String subject = content.write(payload, mail);

        List<String> recipients = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : mail.to) {
            Optional<String> address = EmailAddress.normalise(raw);
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
                mail.model, recipients, refused));
    }

    // ---- what each email says: fills the template values and returns the subject ----

    private static String tokenBalanceLow(TokenBalanceLow low, Draft mail) {
        mail.amount("remaining", low.remaining());
        mail.amount("original", low.original());
        mail.model.put("percent", Integer.toString(low.thresholdPercent()));
        mail.model.put("tokenId", low.tokenId().toString());
        return mail.say(mail.name + ": et kredittoken har bare " + mail.money(low.remaining()) + " igjen",
                mail.name + ": a credit token is down to " + mail.money(low.remaining()));
    }

    private static String tokenExpiring(TokenExpiring expiring, Draft mail) {
        mail.amount("remaining", expiring.remaining());
        mail.model.put("expiresOn", mail.date(expiring.expiresAt()));
        mail.model.put("tokenId", expiring.tokenId().toString());
        return mail.say(mail.name + ": " + mail.money(expiring.remaining()) + " i kreditt utløper " + mail.date(expiring.expiresAt()),
                mail.name + ": " + mail.money(expiring.remaining()) + " of credit expires on " + mail.date(expiring.expiresAt()));
    }

    private static String tokenExpired(TokenExpired expired, Draft mail) {
        mail.amount("forfeited", expired.forfeited());
        mail.model.put("expiredOn", mail.date(expired.expiredAt()));
        mail.model.put("tokenId", expired.tokenId().toString());
        return mail.say(mail.name + ": " + mail.money(expired.forfeited()) + " i kreditt har utløpt",
                mail.name + ": " + mail.money(expired.forfeited()) + " of credit has expired");
    }

    /** A3: to the alert's own addresses only, not the administrators. */
    private static String subscriptionCreditLow(SubscriptionCreditLow creditLow, Draft mail) {
        mail.amount("remaining", creditLow.remaining());
        mail.amount("threshold", creditLow.threshold());
        mail.model.put("alertNumber", Integer.toString(creditLow.alertNumber()));
        mail.to = creditLow.recipients();
        return mail.say(mail.name + ": gjenværende kreditt er " + mail.money(creditLow.remaining()),
                mail.name + ": remaining credit is " + mail.money(creditLow.remaining()));
    }

    private static String subscriptionSuspended(SubscriptionSuspended suspended, Draft mail) {
        mail.amount("overage", suspended.overage());
        mail.model.put("hasOverage", suspended.overage().isPositive());
        mail.model.put("suspendedOn", mail.date(suspended.suspendedAt()));
        mail.model.put("deprovisionOn", mail.date(suspended.deprovisionAt()));
        return mail.say(mail.name + " er suspendert: kreditten er brukt opp", mail.name + " is suspended: its credit is used up");
    }

    private static String subscriptionReactivated(SubscriptionReactivated reactivated, Draft mail) {
        mail.amount("overageSettled", reactivated.overageSettled());
        mail.amount("remaining", reactivated.remaining());
        mail.model.put("hasOverage", reactivated.overageSettled().isPositive());
        mail.model.put("reactivatedOn", mail.date(reactivated.reactivatedAt()));
        return mail.say(mail.name + " er aktiv igjen", mail.name + " is active again");
    }

    private static String subscriptionDeprovisioned(SubscriptionDeprovisioned gone, Draft mail) {
        mail.model.put("deprovisionedOn", mail.date(gone.deprovisionedAt()));
        return mail.say(mail.name + " er avviklet og dataene slettet", mail.name + " has been deprovisioned and its data deleted");
    }

    private static String creditForfeited(CreditForfeited forfeited, Draft mail) {
        mail.amount("amount", forfeited.amount());
        mail.model.put("tokenId", forfeited.tokenId().toString());
        mail.model.put("enterpriseAgreement", CreditForfeited.ENTERPRISE_AGREEMENT_LINK.equals(forfeited.reason()));
        return mail.say(mail.name + ": " + mail.money(forfeited.amount()) + " i kreditt er tapt",
                mail.name + ": " + mail.money(forfeited.amount()) + " of credit forfeited");
    }

    /**
     * R4: credit the ledger could not add. Says why and what happens: a card payment is refunded, a key is returned
     * and can be activated again. A key is shown by its last group only (the code is a voucher, and co-administrators
     * read this email too).
     */
    private static String creditRejected(CreditRejected rejected, Draft mail) {
        mail.amount("amount", rejected.amount());
        mail.model.put("tokenId", rejected.tokenId().toString());
        boolean card = rejected.source() == CreditSource.CREDIT_CARD;
        mail.model.put("card", card);
        String reference = MailSafety.headerText(rejected.reference(), 255);
        mail.model.put("reference", card ? reference : reference.substring(Math.max(0, reference.length() - 5)));
        mail.model.put("deprovisioned", CreditRejected.DEPROVISIONED.equals(rejected.reason()));
        mail.model.put("enterpriseAgreement", CreditRejected.ENTERPRISE_AGREEMENT.equals(rejected.reason()));
        return mail.say(mail.name + ": " + mail.money(rejected.amount()) + " i kreditt ble ikke lagt til",
                mail.name + ": " + mail.money(rejected.amount()) + " of credit was not added");
    }

    /** F1: the credit is forecast to run out within the subscription's warning days. */
    private static String creditDepletionForecast(CreditDepletionForecast forecast, Draft mail) {
        mail.amount("remaining", forecast.remaining());
        mail.amount("burnPerDay", forecast.burnPerDay());
        mail.model.put("runsOutOn", mail.date(forecast.runsOutOn().atStartOfDay(ZoneOffset.UTC).toInstant()));
        mail.model.put("daysLeft", Integer.toString(forecast.daysLeft()));
        return mail.say(mail.name + ": kreditten er brukt opp om " + forecast.daysLeft() + " dager med dagens forbruk",
                mail.name + ": credit runs out in " + forecast.daysLeft() + " days at the current usage");
    }

    /** F1: thirty days before a token expires, part of it is forecast to be left unused. */
    private static String tokenWillExpireUnused(TokenWillExpireUnused unused, Draft mail) {
        mail.amount("forecastUnused", unused.forecastUnused());
        mail.amount("burnPerDay", unused.burnPerDay());
        mail.model.put("expiresOn", mail.date(unused.expiresAt()));
        mail.model.put("tokenId", unused.tokenId().toString());
        return mail.say(mail.name + ": " + mail.money(unused.forecastUnused()) + " i kreditt blir trolig ikke brukt før " + mail.date(unused.expiresAt()),
                mail.name + ": " + mail.money(unused.forecastUnused()) + " of credit will likely expire unused on " + mail.date(unused.expiresAt()));
    }

    // ---- the machinery ----

    /** How one event type's email is written: fills the draft, returns the subject. */
    private interface Writer<P extends EventPayload> {
        String write(P payload, Draft mail);
    }

    private record Content<P extends EventPayload>(Class<P> type, Writer<P> writer) {
        String write(EventPayload payload, Draft mail) {
            return writer.write(type.cast(payload), mail);
        }
    }

    private static Map<Class<? extends EventPayload>, Content<?>> index(Content<?>... contents) {
        Map<Class<? extends EventPayload>, Content<?>> byType = new LinkedHashMap<>();
        for (Content<?> content : contents) {
            byType.put(content.type(), content);
        }
        return Collections.unmodifiableMap(byType);
    }

    /**
     * The email being written: its language's formats (amounts through {@link MoneyFormat}, the suite's one
     * rule, dates as {@code dd.MM.yyyy} in bokmål and ISO in English, both UTC), the template values, and
     * who gets it (the administrators unless the event names its own recipients).
     */
    private static final class Draft {
        final boolean nb;
        final Locale locale;
        final DateTimeFormatter dates;
        /** The subscription's name as a subject shows it (header-safe, short). */
        final String name;
        final Map<String, Object> model = new HashMap<>();
        List<String> to;

        Draft(String language, SubscriptionView subscription, Instant occurredAt) {
            nb = Languages.NB.equals(language);
            locale = Locale.forLanguageTag(language);
            dates = nb ? NB_DATE : EN_DATE;
            String shortName = MailSafety.headerText(subscription.name(), SUBJECT_NAME_LENGTH);
            name = shortName.isEmpty() ? subscription.subscriptionId().toString() : shortName;
            to = subscription.administrators();
            model.put("name", MailSafety.headerText(subscription.name(), 500));
            model.put("subscriptionId", subscription.subscriptionId().toString());
            model.put("currency", subscription.currency());
            model.put("occurredOn", date(occurredAt));
        }

        String say(String bokmaal, String english) {
            return nb ? bokmaal : english;
        }

        /** An amount with its currency, as a subject shows it: {@code 1 234,50 NOK} or {@code 1,234.50 NOK}. */
        String money(Money money) {
            return MoneyFormat.withCurrency(money, locale);
        }

        /** A template value {@code key} with the amount, and {@code currency} with its currency. */
        void amount(String key, Money money) {
            model.put(key, MoneyFormat.amount(money, locale));
            model.put("currency", money.currency());
        }

        String date(Instant instant) {
            return dates.format(instant);
        }
    }
}
