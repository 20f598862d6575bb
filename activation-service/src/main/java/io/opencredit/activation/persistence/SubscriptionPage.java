package io.opencredit.activation.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One page of subscriptions in creation order (keyset paging on {@code (created_at, id)}, so a page costs the same
 * however deep it is and rows added meanwhile neither repeat nor vanish), optionally only those an email
 * administers, optionally only those in one status.
 */
public final class SubscriptionPage {

    /** The filter on a subscription's status as a person sees it (its own status, or the ledger's). */
    public enum StatusFilter { ACTIVE, SUSPENDED, DEPROVISIONED, LINKED_TO_EA }

    /** Where the previous page ended. */
    public record Position(Instant createdAt, UUID id) {
    }

    private SubscriptionPage() {
    }

    /**
     * Up to {@code limit} subscriptions after {@code after}, with the ledger's last word on each.
     *
     * @param administrator only those this (normalised) email administers; empty: all (operators)
     */
    public static List<Subscription> read(Optional<String> administrator, Optional<StatusFilter> status,
                                          Optional<Position> after, int limit) {
        StringBuilder jpql = new StringBuilder("select s from Subscription s where 1 = 1");
        if (administrator.isPresent()) {
            jpql.append(" and (s.accountEmail = :me or exists (select 1 from Subscription s2 join s2.coAdministrators c"
                    + " where s2 = s and c.email = :me))");
        }
        status.ifPresent(filter -> jpql.append(switch (filter) {
            case LINKED_TO_EA -> " and s.status = 'LINKED_TO_EA'";
            case DEPROVISIONED -> " and s.status = 'ACTIVE' and exists (select 1 from LedgerView v where v.subscriptionId = s.id"
                    + " and (v.deprovisionedAt is not null or v.ledgerStatus = 'DEPROVISIONED'))";
            case SUSPENDED -> " and s.status = 'ACTIVE' and exists (select 1 from LedgerView v where v.subscriptionId = s.id"
                    + " and v.deprovisionedAt is null and v.ledgerStatus = 'SUSPENDED')";
            case ACTIVE -> " and s.status = 'ACTIVE' and not exists (select 1 from LedgerView v where v.subscriptionId = s.id"
                    + " and (v.deprovisionedAt is not null or v.ledgerStatus in ('SUSPENDED', 'DEPROVISIONED')))";
        }));
        if (after.isPresent()) {
            jpql.append(" and (s.createdAt > :at or (s.createdAt = :at and s.id > :id))");
        }
        jpql.append(" order by s.createdAt, s.id");
        TypedQuery<Subscription> query = Panache.getEntityManager().createQuery(jpql.toString(), Subscription.class);
        administrator.ifPresent(me -> query.setParameter("me", me));
        after.ifPresent(position -> {
            query.setParameter("at", position.createdAt());
            query.setParameter("id", position.id());
        });
        return query.setMaxResults(limit).getResultList();
    }

    /** The ledger's last word on each of these subscriptions, in one query. */
    public static Map<UUID, LedgerView> ledgerViews(List<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = subscriptions.stream().map(s -> s.id).toList();
        return LedgerView.<LedgerView>list("subscriptionId in ?1", ids).stream()
                .collect(Collectors.toMap(v -> v.subscriptionId, Function.identity()));
    }
}
