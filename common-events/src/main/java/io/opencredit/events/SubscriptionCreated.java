package io.opencredit.events;

import java.time.Instant;
import java.time.LocalDate;

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
}
