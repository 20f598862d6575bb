package io.opencredit.alerting.persistence;

import io.opencredit.alerting.domain.SubscriptionView;
import io.opencredit.events.Pseudonyms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** The read model of who to tell: subscriptions and their administrators, from activation.events. */
@ApplicationScoped
public class Directory {

    /** The first key of the advisory locks, so that they cannot meet another module's. */
    private static final int LOCK_SPACE = 0x0A1E;

    private final EntityManager entityManager;

    public Directory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Serialises the writers of these subscriptions (the activation and the ledger consumers) until the
     * transaction ends, so that an alert is never held after its subscription's creation released the
     * held ones. Locks are taken in a fixed order, so two batches cannot deadlock. A PostgreSQL advisory
     * lock, because there is no row to lock yet: the alert may come before its subscription.
     */
    public void lock(Collection<UUID> subscriptionIds) {
        for (UUID id : new TreeSet<>(subscriptionIds)) {
            entityManager.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)")
                    .setParameter(1, LOCK_SPACE)
                    .setParameter(2, id.hashCode())
                    .getSingleResult();
        }
    }

    /** Records a subscription; a repeat changes nothing. */
    public void addSubscription(UUID id, String name, String accountEmail, String country, String language,
                                String currency, Instant createdAt) {
        if (AlertSubscription.findById(id) != null) {
            return;
        }
        AlertSubscription subscription = new AlertSubscription();
        subscription.subscriptionId = id;
        subscription.name = name;
        subscription.accountEmail = asRead(accountEmail);
        subscription.country = country.toUpperCase(Locale.ROOT);
        subscription.language = language;
        subscription.currency = currency;
        subscription.createdAt = createdAt;
        subscription.persist();
    }

    /** Records a co-administrator; a repeat changes nothing. */
    public void addCoAdministrator(UUID id, String email, Instant addedAt) {
        AlertSubscription subscription = AlertSubscription.findById(id);
        // S3: read after the deprovisioning (the topics are read independently), it is kept only as a pseudonym
        String address = subscription != null && subscription.deprovisionedAt != null ? Pseudonyms.email(id, email) : asRead(email);
        if (CoAdministrator.findById(new CoAdministrator.Key(id, address)) != null) {
            return;
        }
        CoAdministrator coAdministrator = new CoAdministrator();
        coAdministrator.subscriptionId = id;
        coAdministrator.email = address;
        coAdministrator.addedAt = addedAt;
        coAdministrator.persist();
    }

    public Optional<SubscriptionView> find(UUID id) {
        AlertSubscription subscription = AlertSubscription.findById(id);
        if (subscription == null) {
            return Optional.empty();
        }
        List<String> coAdministrators = CoAdministrator.<CoAdministrator>list("subscriptionId = ?1 order by addedAt, email", id)
                .stream().map(coAdministrator -> coAdministrator.email).toList();
        return Optional.of(new SubscriptionView(id, subscription.name, subscription.accountEmail, subscription.country,
                subscription.language, subscription.currency, coAdministrators));
    }

    /**
     * An address as stored: stripped and lower-cased, which is what {@code EmailAddress.normalise} makes of
     * a valid one. An invalid address is stored too, so that its email is recorded as REFUSED and shown.
     */
    private static String asRead(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
