package io.opencredit.billing.persistence;

import io.opencredit.billing.domain.CreditForecast;
import io.opencredit.billing.domain.SubscriptionInfo;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read model of subscriptions ({@link SubscriptionViewEntity} with its administrators, and
 * {@link CreditTokenEntity}), with an in-memory cache for the usage hot path. Writers (the event
 * handler) invalidate the cached entries after their transaction completes; a reader caches what it
 * loaded only if no invalidation happened meanwhile, so the cache never keeps a stale row.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final int CACHE_LIMIT = 200_000;

    private final TransactionCallbacks callbacks;
    private final Map<UUID, SubscriptionInfo> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public SubscriptionStore(TransactionCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Transactional
    public Optional<SubscriptionInfo> find(UUID id) {
        return Optional.ofNullable(findAll(List.of(id)).get(id));
    }

    /** The known subscriptions among {@code ids} (those whose SubscriptionCreated was read), one query for the uncached. */
    @Transactional
    public Map<UUID, SubscriptionInfo> findAll(Collection<UUID> ids) {
        Map<UUID, SubscriptionInfo> found = new HashMap<>();
        List<UUID> missing = new ArrayList<>();
        for (UUID id : new HashSet<>(ids)) {
            SubscriptionInfo cached = cache.get(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        long before = generation.get();
        Map<UUID, SubscriptionInfo> loaded = new HashMap<>();
        for (SubscriptionViewEntity view : SubscriptionViewEntity.known(missing)) {
            loaded.put(view.subscriptionId, view.toInfo());
        }
        found.putAll(loaded);
        if (generation.get() == before) {
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.putAll(loaded);
        }
        return found;
    }

    /** Tokens not expired or forfeited, as announced by CreditAdded. */
    @Transactional
    public List<CreditForecast.Token> openTokens(UUID subscriptionId) {
        return CreditTokenEntity.<CreditTokenEntity>list("subscriptionId = ?1 AND closed = false", subscriptionId).stream()
                .map(CreditTokenEntity::toToken).toList();
    }

    // ---- writes (in the consumer's transaction) -------------------------------------------------

    @Transactional(Transactional.TxType.MANDATORY)
    public void created(UUID id, SubscriptionCreated created) {
        SubscriptionViewEntity view = SubscriptionViewEntity.findOrCreate(id);
        view.currency = created.currency();
        view.country = created.country().toUpperCase(Locale.ROOT);
        view.createdAt = created.createdAt();
        view.accountEmail = lower(created.accountEmail());
        view.createdBy = lower(created.createdBy());
        created.administrators().forEach(admin -> addAdministrator(view, admin));
        view.erasePersonalDataIfDeprovisioned();
        invalidate(id);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void addAdministrator(UUID id, String email) {
        SubscriptionViewEntity view = SubscriptionViewEntity.findOrCreate(id);
        addAdministrator(view, email);
        view.erasePersonalDataIfDeprovisioned();
        invalidate(id);
    }

    private static void addAdministrator(SubscriptionViewEntity view, String email) {
        if (email != null && !email.isBlank()) {
            view.administrators.add(lower(email));
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void linkedToEnterpriseAgreement(UUID id, Instant at) {
        SubscriptionViewEntity.findOrCreate(id).linkedToEaAt = at;
        invalidate(id);
    }

    /** S3: deprovisioned, and its personal data deleted (pseudonymised). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deprovisioned(UUID id, Instant at) {
        SubscriptionViewEntity view = SubscriptionViewEntity.findOrCreate(id);
        view.deprovisionedAt = at;
        view.erasePersonalDataIfDeprovisioned();
        invalidate(id);
    }

    /** The latest balance wins (by asOf; an older BalanceChanged read late does not go back). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void balance(UUID id, BigDecimal remaining, String status, Instant asOf) {
        SubscriptionViewEntity view = SubscriptionViewEntity.findOrCreate(id);
        if (view.remainingAsOf == null || !view.remainingAsOf.isAfter(asOf)) {
            view.remaining = remaining;
            view.ledgerStatus = status;
            view.remainingAsOf = asOf;
        }
        invalidate(id);
    }

    /** A token announced once (a repeated CreditAdded changes nothing). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void tokenAdded(UUID tokenId, UUID subscriptionId, BigDecimal amount, Instant activatedAt, Instant expiresAt) {
        if (CreditTokenEntity.findById(tokenId) == null) {
            CreditTokenEntity token = new CreditTokenEntity();
            token.tokenId = tokenId;
            token.subscriptionId = subscriptionId;
            token.amount = amount;
            token.activatedAt = activatedAt;
            token.expiresAt = expiresAt;
            token.persist();
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void tokenClosed(UUID tokenId) {
        CreditTokenEntity token = CreditTokenEntity.findById(tokenId);
        if (token != null) {
            token.closed = true;
        }
    }

    /** Drops the cached entry now and again after the surrounding transaction completes. */
    private void invalidate(UUID id) {
        generation.incrementAndGet();
        cache.remove(id);
        callbacks.afterCompletion(() -> {
            generation.incrementAndGet();
            cache.remove(id);
        });
    }

    /** Forgets every cached entry (tests). */
    public void clearCache() {
        generation.incrementAndGet();
        cache.clear();
    }

    private static String lower(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
