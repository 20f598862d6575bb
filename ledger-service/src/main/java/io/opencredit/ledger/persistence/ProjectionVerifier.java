package io.opencredit.ledger.persistence;

import io.opencredit.ledger.domain.AlertRule;
import io.opencredit.ledger.domain.LedgerSnapshot;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.ledger.domain.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Rebuilds every subscription's state by folding its stored stream from the start and compares it
 * with the live snapshot and projections; reports each difference.
 */
@ApplicationScoped
public class ProjectionVerifier {

    public record Difference(UUID subscriptionId, String field, String live, String rebuilt) {
    }

    public record Report(int subscriptionsChecked, long factsReplayed, boolean consistent, List<Difference> differences) {
    }

    private final EventStore store;
    private final LedgerReads reads;

    public ProjectionVerifier(EventStore store, LedgerReads reads) {
        this.store = store;
        this.reads = reads;
    }

    @Transactional
    public Report verify(List<UUID> only) {
        List<UUID> ids = only == null || only.isEmpty() ? reads.allSubscriptions() : only;
        List<Difference> differences = new ArrayList<>();
        long facts = 0;
        for (UUID id : ids) {
            // streamed: the rebuild folds each fact as it is read, keeping only the state and the usage ids
            SubscriptionLedger rebuilt = new SubscriptionLedger(id);
            TreeSet<String> usageIds = new TreeSet<>();
            long[] count = {0};
            reads.visit(id, stored -> {
                count[0]++;
                if (stored.fact().stored()) {
                    rebuilt.apply(stored.fact());
                }
                if (stored.fact().usageId() != null) {
                    usageIds.add(stored.fact().usageId());
                }
                return true;
            });
            facts += count[0];
            compare(id, rebuilt, differences);
            check(differences, id, "applied usage ids", new TreeSet<>(reads.appliedUsageIds(id)), usageIds);
        }
        return new Report(ids.size(), facts, differences.isEmpty(), differences);
    }

    private void compare(UUID id, SubscriptionLedger rebuilt, List<Difference> out) {
        LedgerSnapshot live = store.load(List.of(id)).get(id).snapshot();
        LedgerSnapshot expected = rebuilt.snapshot();
        if (!live.equals(expected)) {
            out.add(new Difference(id, "snapshot", live.toString(), expected.toString()));
        }
        LedgerReads.Current current = reads.current(id).orElse(null);
        if (current == null) {
            out.add(new Difference(id, "balance", "missing", "present"));
            return;
        }
        LedgerReads.Balance balance = current.balance();
        check(out, id, "version", balance.version(), rebuilt.version());
        check(out, id, "status", balance.status(), rebuilt.status());
        check(out, id, "currency", balance.currency(), rebuilt.currency());
        checkAmount(out, id, "remaining", balance.remaining(), rebuilt.remaining());
        checkAmount(out, id, "overage", balance.overage(), rebuilt.overage());
        check(out, id, "nextDueAt", balance.nextDueAt(), EventStore.dueColumn(rebuilt.nextDueAt()));
        Map<UUID, LedgerReads.Token> tokens = new HashMap<>();
        current.tokens().forEach(t -> tokens.put(t.tokenId(), t));
        check(out, id, "token count", tokens.size(), rebuilt.tokens().size());
        for (TokenState token : rebuilt.tokens()) {
            LedgerReads.Token projected = tokens.get(token.tokenId());
            if (projected == null) {
                out.add(new Difference(id, "token " + token.tokenId(), "missing", token.toString()));
                continue;
            }
            checkAmount(out, id, "token " + token.tokenId() + " remaining", projected.remaining(), token.remaining());
            checkAmount(out, id, "token " + token.tokenId() + " original", projected.original(), token.original());
            check(out, id, "token " + token.tokenId() + " status", projected.status(), token.status());
        }
        List<AlertRule> alerts = reads.alerts(id);
        check(out, id, "alerts", alerts, List.copyOf(rebuilt.alerts().values()));
        check(out, id, "admins", new TreeSet<>(reads.admins(id)), new TreeSet<>(rebuilt.admins()));
    }

    private static void check(List<Difference> out, UUID id, String field, Object live, Object rebuilt) {
        if (!Objects.equals(live, rebuilt)) {
            out.add(new Difference(id, field, String.valueOf(live), String.valueOf(rebuilt)));
        }
    }

    private static void checkAmount(List<Difference> out, UUID id, String field, java.math.BigDecimal live, java.math.BigDecimal rebuilt) {
        if (live == null || rebuilt == null || live.compareTo(rebuilt) != 0) {
            out.add(new Difference(id, field, String.valueOf(live), String.valueOf(rebuilt)));
        }
    }
}
