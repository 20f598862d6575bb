package io.opencredit.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A new Azure-in-Open subscription, created by its first activation (SPEC K5). Its currency is
 * fixed by that activation (M3); {@code language} is the language of its emails (nb or en).
 */
public record SubscriptionCreated(
        String name,
        String country,
        String cloud,
        String currency,
        String accountEmail,
        LocalDate accountCreatedOn,
        String language,
        String createdBy,
        Instant createdAt) implements EventPayload {

    public SubscriptionCreated {
        Require.text(name, "name");
        Require.text(country, "country");
        Require.text(cloud, "cloud");
        Require.text(currency, "currency");
        Require.text(accountEmail, "accountEmail");
        Require.present(accountCreatedOn, "accountCreatedOn");
        Require.text(language, "language");
        Require.text(createdBy, "createdBy");
        Require.present(createdAt, "createdAt");
    }

    /**
     * Who administers the new subscription (S6), the one statement of that rule for every consumer: the
     * account administrator, and the creator too when it is someone else (a reseller creating it for a
     * customer becomes a co-administrator). Addresses as the event carries them; the consumer normalises.
     */
    public List<String> administrators() {
        boolean createdForSomeoneElse = EmailAddress.isValid(createdBy)
                && !EmailAddress.normalise(createdBy).equals(EmailAddress.normalise(accountEmail));
        return createdForSomeoneElse ? List.of(accountEmail, createdBy) : List.of(accountEmail);
    }
}
