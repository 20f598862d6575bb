package io.opencredit.ledger.persistence;

import io.opencredit.events.SubscriptionDeprovisioned;
import io.opencredit.ledger.domain.Erasure;
import io.opencredit.ledger.domain.SubscriptionLedger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * S3 in the event store: in the transaction that appends a subscription's {@code SubscriptionDeprovisioned}, every
 * stored commit of its stream is rewritten in place with its facts' names and addresses replaced by their pseudonyms
 * ({@link Erasure}; ids, versions, times and amounts unchanged), and so are the administrators' projection and the
 * stream's snapshot (the state folded so far, which {@link SubscriptionLedger} has already pseudonymised).
 *
 * <p>Rewriting rather than crypto-shredding: the facts hold a handful of addresses among ids and amounts, the ledger
 * must keep replaying the stream (balances, statements, {@link ProjectionVerifier}), and no address affects a
 * balance, so the rewritten stream folds to the same state; encrypting every payload with a per-subscription key
 * would cost every append and every load a cipher pass and a key store, for data that is deleted once, 90 days
 * after a suspension.
 */
final class StreamErasure {

    private StreamErasure() {
    }

    /** Erases the streams these changes deprovisioned; part of the commit's transaction. */
    static void write(Connection connection, List<EventStore.Change> changes) throws SQLException {
        for (EventStore.Change change : changes) {
            boolean deprovisioned = change.facts().stream()
                    .anyMatch(caused -> caused.fact().payload() instanceof SubscriptionDeprovisioned);
            if (deprovisioned) {
                erase(connection, change.ledger());
            }
        }
    }

    private static void erase(Connection connection, SubscriptionLedger ledger) throws SQLException {
        UUID id = ledger.subscriptionId();
        rewriteCommits(connection, id);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ledger_admin WHERE subscription_id = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_admin (subscription_id, email) VALUES (?, ?)")) {
            delete.setObject(1, id);
            delete.executeUpdate();
            for (String admin : ledger.admins()) {
                insert.setObject(1, id);
                insert.setString(2, admin);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        // the snapshot written before held the addresses: the state as it is now replaces it
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ledger_subscription SET snapshot = ?::json, snapshot_version = ? WHERE subscription_id = ?")) {
            update.setString(1, FactCodec.write(ledger.snapshot()));
            update.setLong(2, ledger.version());
            update.setObject(3, id);
            update.executeUpdate();
        }
    }

    /** Every commit of the stream whose facts carry personal data, written again without it. */
    private static void rewriteCommits(Connection connection, UUID id) throws SQLException {
        record Rewritten(long firstVersion, byte[] facts) {
        }
        List<Rewritten> rewritten = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT first_version, facts FROM ledger_commit WHERE subscription_id = ? ORDER BY first_version")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long first = rs.getLong(1);
                    List<CommitCodec.Read> facts = CommitCodec.read(rs.getBytes(2), first);
                    CommitCodec.Writer writer = new CommitCodec.Writer(facts.size());
                    boolean changed = false;
                    for (CommitCodec.Read read : facts) {
                        Record payload = read.fact().payload();
                        Record erased = Erasure.erase(id, payload);
                        changed |= !erased.equals(payload);
                        writer.add(read.eventId(), read.fact().type(), read.fact().at(), read.effectiveAt(), read.causationId(),
                                FactCodec.writeBytes(erased));
                    }
                    if (changed) {
                        rewritten.add(new Rewritten(first, writer.toBytes()));
                    }
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE ledger_commit SET facts = ? WHERE subscription_id = ? AND first_version = ?")) {
            for (Rewritten commit : rewritten) {
                update.setBytes(1, commit.facts());
                update.setObject(2, id);
                update.setLong(3, commit.firstVersion());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
