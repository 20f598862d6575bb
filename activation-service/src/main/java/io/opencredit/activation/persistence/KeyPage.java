package io.opencredit.activation.persistence;

import io.opencredit.activation.domain.KeyService.IssuedKey;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of OSA keys in issue order (keyset paging on {@code (issued_at, code)}, so a deep page costs what the
 * first does and keys issued meanwhile neither repeat nor vanish), optionally only one reseller's. A reseller id
 * is matched without regard to case: resellers are known by their sign-in email, which operators may have typed in
 * other letters when they issued the key (index {@code osa_key_reseller}, V24).
 */
public final class KeyPage {

    /** Where the previous page ended. */
    public record Position(Instant issuedAt, String code) {
    }

    private KeyPage() {
    }

    /**
     * Up to {@code limit} keys after {@code after}, each with its activation and latest return, read in three queries.
     *
     * @param resellerId only this reseller's keys (any case); empty: every key (operators)
     */
    public static List<IssuedKey> read(Optional<String> resellerId, Optional<Position> after, int limit) {
        StringBuilder jpql = new StringBuilder("select k from OsaKey k where 1 = 1");
        resellerId.ifPresent(id -> jpql.append(" and lower(k.resellerId) = :reseller"));
        after.ifPresent(position -> jpql.append(" and (k.issuedAt > :at or (k.issuedAt = :at and k.code > :code))"));
        jpql.append(" order by k.issuedAt, k.code");
        TypedQuery<OsaKey> query = Panache.getEntityManager().createQuery(jpql.toString(), OsaKey.class);
        resellerId.ifPresent(id -> query.setParameter("reseller", id.toLowerCase(java.util.Locale.ROOT)));
        after.ifPresent(position -> {
            query.setParameter("at", position.issuedAt());
            query.setParameter("code", position.code());
        });
        List<OsaKey> keys = query.setMaxResults(limit).getResultList();
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> codes = keys.stream().map(k -> k.code).toList();
        Map<String, KeyActivation> activations = new HashMap<>();
        KeyActivation.<KeyActivation>list("keyCode in ?1", codes).forEach(a -> activations.put(a.keyCode, a));
        Map<String, KeyReturn> returns = new HashMap<>();
        // oldest first: the latest return of each key is the one left in the map
        KeyReturn.<KeyReturn>list("keyCode in ?1 order by returnedAt", codes).forEach(r -> returns.put(r.keyCode, r));
        return keys.stream().map(k -> new IssuedKey(k, Optional.ofNullable(activations.get(k.code)),
                Optional.ofNullable(returns.get(k.code)))).toList();
    }
}
