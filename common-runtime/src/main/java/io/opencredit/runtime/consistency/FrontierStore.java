package io.opencredit.runtime.consistency;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.config.RuntimeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The service's {@link Frontier} of each subscription, in its own database ({@code oc_consistency_frontier}), written
 * in the transactions that change what it reflects, so a frontier is never ahead of the data.
 *
 * <p>Two writers: the outbox counts a write of this service ({@link #advanceOwn}, which also holds the row's lock
 * to the commit, so writes of one subscription are counted in commit order), and a consumer batch takes what its
 * events' frontiers say ({@link #merge}) after its handler ran. The consumer's events are also made known to the
 * handler's own writes in the same batch ({@link #whileApplying}), so an event it publishes carries what caused it.
 * Rows are locked in subscription id order, and always after the service's own rows of the subscription.
 */
@ApplicationScoped
public class FrontierStore {

    private static final String COLUMNS = "activation, billing, ledger, alerting";
    private static final ThreadLocal<Map<UUID, Frontier>> APPLYING = new ThreadLocal<>();

    private final AgroalDataSource dataSource;
    private final boolean enabled;
    private final String ownColumn;
    private final Object changes = new Object();

    public FrontierStore(AgroalDataSource dataSource, RuntimeConfig config, ConsistencyConfig consistency) {
        this.dataSource = dataSource;
        // switched off (only to measure what it costs), nothing is counted, merged or stamped
        this.enabled = consistency.enabled();
        // the column is one of four fixed names, never text from outside; a service that is no producer of the suite
        // (a test probe) counts nothing
        String name = config.serviceName();
        this.ownColumn = Frontier.PRODUCERS.contains(name) ? COLUMNS.split(", ")[Frontier.indexOf(name)] : null;
    }

    /**
     * Counts one more write of this service for each subscription and returns their frontiers after it, joined with
     * what a consumer batch being applied on this thread has seen of them. Requires the write's transaction.
     */
    public Map<UUID, Frontier> advanceOwn(Collection<UUID> subscriptions) {
        if (subscriptions.isEmpty() || !enabled) {
            return Map.of();
        }
        if (ownColumn == null) {
            return joinApplying(read(subscriptions));
        }
        String sql = "INSERT INTO oc_consistency_frontier AS f (subscription_id, " + ownColumn + ") "
                + "SELECT id, 1 FROM unnest(?::uuid[]) AS t(id) ORDER BY id "
                + "ON CONFLICT (subscription_id) DO UPDATE SET " + ownColumn + " = f." + ownColumn + " + 1 "
                + "RETURNING subscription_id, " + COLUMNS;
        Map<UUID, Frontier> after = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement advance = connection.prepareStatement(sql)) {
            Array ids = connection.createArrayOf("uuid", new TreeSet<>(subscriptions).toArray());
            advance.setArray(1, ids);
            try (ResultSet rs = advance.executeQuery()) {
                while (rs.next()) {
                    after.put(rs.getObject(1, UUID.class), frontier(rs, 2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the write in the consistency frontier", e);
        }
        return joinApplying(after);
    }

    private static Map<UUID, Frontier> joinApplying(Map<UUID, Frontier> frontiers) {
        Map<UUID, Frontier> applying = APPLYING.get();
        if (applying != null) {
            frontiers.replaceAll((subscription, frontier) -> frontier.merge(applying.getOrDefault(subscription, Frontier.NONE)));
        }
        return frontiers;
    }

    /** Runs {@code handler} (a consumer batch's handler) knowing what its events had seen, for the writes it makes. */
    public void whileApplying(Map<UUID, Frontier> seen, Runnable handler) {
        Map<UUID, Frontier> outer = APPLYING.get();
        APPLYING.set(seen);
        try {
            handler.run();
        } finally {
            if (outer == null) {
                APPLYING.remove();
            } else {
                APPLYING.set(outer);
            }
        }
    }

    /** Raises each subscription's frontier to at least the given one. Requires the consumer batch's transaction. */
    public void merge(Map<UUID, Frontier> seen) {
        if (seen.isEmpty() || !enabled) {
            return;
        }
        List<UUID> ids = new ArrayList<>(new TreeSet<>(seen.keySet()));
        Long[][] counts = new Long[4][ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            Frontier frontier = seen.get(ids.get(i));
            for (int c = 0; c < 4; c++) {
                counts[c][i] = frontier.get(c);
            }
        }
        String sql = "INSERT INTO oc_consistency_frontier AS f (subscription_id, " + COLUMNS + ") "
                + "SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) ORDER BY 1 "
                + "ON CONFLICT (subscription_id) DO UPDATE SET "
                + "activation = greatest(f.activation, excluded.activation), billing = greatest(f.billing, excluded.billing), "
                + "ledger = greatest(f.ledger, excluded.ledger), alerting = greatest(f.alerting, excluded.alerting) "
                + "WHERE excluded.activation > f.activation OR excluded.billing > f.billing "
                + "OR excluded.ledger > f.ledger OR excluded.alerting > f.alerting";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement merge = connection.prepareStatement(sql)) {
            merge.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            for (int c = 0; c < 4; c++) {
                merge.setArray(2 + c, connection.createArrayOf("bigint", counts[c]));
            }
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot merge the consistency frontier", e);
        }
    }

    /** The committed frontiers of the subscriptions (absent ones: {@link Frontier#NONE}). */
    public Map<UUID, Frontier> read(Collection<UUID> subscriptions) {
        Map<UUID, Frontier> found = new HashMap<>();
        if (subscriptions.isEmpty()) {
            return found;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement read = connection.prepareStatement(
                     "SELECT subscription_id, " + COLUMNS + " FROM oc_consistency_frontier WHERE subscription_id = ANY (?)")) {
            read.setArray(1, connection.createArrayOf("uuid", subscriptions.toArray()));
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), frontier(rs, 2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the consistency frontier", e);
        }
        subscriptions.forEach(subscription -> found.putIfAbsent(subscription, Frontier.NONE));
        return found;
    }

    /** Called after a consumer batch committed: wakes reads waiting in this instance ({@link #awaitChange}). */
    public void changed() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    /** Waits until a batch of this instance commits or {@code millis} pass (another instance's commits are not signalled). */
    public void awaitChange(long millis) throws InterruptedException {
        synchronized (changes) {
            changes.wait(Math.max(1, millis));
        }
    }

    private static Frontier frontier(ResultSet rs, int first) throws SQLException {
        return new Frontier(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2), rs.getLong(first + 3));
    }
}
