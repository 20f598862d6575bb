package io.opencredit.ledger.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.Money;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.UsageRecorded;
import io.opencredit.ledger.domain.EffectiveTime;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerFold;
import io.opencredit.ledger.domain.SubscriptionLedger;
import io.opencredit.testkit.Database;
import io.opencredit.testkit.RealInfrastructure;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V5 moves the event store from one row per fact (ledger_event) to one row per commit (ledger_commit) and
 * the applied usage ids to ledger_usage. Facts written by the old store, on a real PostgreSQL, read back the
 * same after the migration: every fact at its version with its id, cause, time and payload, and the
 * stream refolds to the state that wrote it.
 */
class EventStoreMigrationIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

    @Test
    void facts_stored_one_row_each_before_V5_read_back_the_same_from_commits() throws Exception {
        Database database = RealInfrastructure.createDatabase("ledger_migration");
        migrate(database, "4");

        UUID subscription = UUID.randomUUID();
        SubscriptionLedger ledger = new SubscriptionLedger(subscription);
        List<LedgerFact> facts = new ArrayList<>();
        LedgerFold.Result folded = LedgerFold.fold(ledger, new SubscriptionCreated("Contoso", "NO", "public", "USD", "admin@contoso.example",
                LocalDate.of(2020, 1, 1), "en", "admin@contoso.example", T0), T0);
        facts.addAll(folded.facts());
        ledger = folded.state();
        Instant expires = T0.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
        folded = LedgerFold.fold(ledger, new CreditAdded(UUID.randomUUID(), CreditSource.OSA_KEY, Money.of("100.00", "USD"), T0, expires,
                "KEY-1", "reseller-1", null), T0);
        facts.addAll(folded.facts());
        ledger = folded.state();
        for (int i = 0; i < 300; i++) { // more than one migrated commit (256 facts each)
            Instant at = T0.plusSeconds(i);
            folded = LedgerFold.fold(ledger, new UsageRecorded("u-" + i, "vm-d2", "Virtual Machines", BigDecimal.ONE, "hour",
                    Money.of("0.10", "USD"), Money.of("0.10", "USD"), true, at), at);
            facts.addAll(folded.facts());
            ledger = folded.state();
        }
        List<StoredFact> written = writeAsBefore(database, subscription, facts);
        assertThat(written).hasSizeGreaterThan(600);

        migrate(database, null);

        List<StoredFact> read = new ArrayList<>();
        List<Instant> effective = new ArrayList<>();
        Set<String> usageIds = new HashSet<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT first_version, last_version, facts FROM ledger_commit "
                    + "WHERE subscription_id = '" + subscription + "' ORDER BY first_version")) {
                while (rs.next()) {
                    List<CommitCodec.Read> commit = CommitCodec.read(rs.getBytes(3), rs.getLong(1));
                    assertThat(commit.get(commit.size() - 1).version()).isEqualTo(rs.getLong(2));
                    commit.forEach(r -> read.add(new StoredFact(subscription, r.version(), r.eventId(), r.causationId(), r.fact())));
                    commit.forEach(r -> effective.add(r.effectiveAt()));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT usage_id FROM ledger_usage WHERE subscription_id = '" + subscription + "'")) {
                while (rs.next()) {
                    usageIds.add(rs.getString(1));
                }
            }
            // V6 (F2): recorded_at is the suite-clock time of the commit, never before the latest fact time in it
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE recorded_at < last_at), count(*) FROM ledger_commit "
                    + "WHERE subscription_id = '" + subscription + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("commits recorded before their facts").isZero();
                assertThat(rs.getLong(2)).isGreaterThan(1);
            }
            try (ResultSet rs = statement.executeQuery("SELECT to_regclass('ledger_event') IS NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("ledger_event is gone").isTrue();
            }
        }
        assertThat(read).containsExactlyElementsOf(written);
        assertThat(effective).as("F2: facts stored before it take effect by their own times (a usage at its usage time)")
                .containsExactlyElementsOf(read.stream().map(f -> EffectiveTime.standalone(f.fact())).toList());
        assertThat(usageIds).hasSize(300).contains("u-0", "u-299");
        assertThat(LedgerFold.replay(subscription, read.stream().map(StoredFact::fact).toList()).snapshot())
                .isEqualTo(ledger.snapshot());
    }

    /** The facts as the store before V5 appended them: one ledger_event row each, payload as json. */
    private static List<StoredFact> writeAsBefore(Database database, UUID subscription, List<LedgerFact> facts) throws SQLException {
        List<StoredFact> written = new ArrayList<>();
        try (Connection connection = connect(database);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_event (subscription_id, version, event_id, "
                     + "event_type, occurred_at, causation_id, usage_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?::json)")) {
            long version = 0;
            for (LedgerFact fact : facts) {
                if (!fact.stored()) {
                    continue;
                }
                version++;
                UUID eventId = UUID.randomUUID();
                UUID cause = version % 3 == 0 ? null : UUID.randomUUID();
                insert.setObject(1, subscription);
                insert.setLong(2, version);
                insert.setObject(3, eventId);
                insert.setString(4, fact.type());
                insert.setObject(5, fact.at().atOffset(ZoneOffset.UTC));
                insert.setObject(6, cause);
                insert.setString(7, fact.payload() instanceof UsageRecorded usage ? usage.usageId() : null);
                insert.setString(8, FactCodec.write(fact.payload()));
                insert.addBatch();
                written.add(new StoredFact(subscription, version, eventId, cause, fact));
            }
            insert.executeBatch();
        }
        return written;
    }

    private static void migrate(Database database, String target) {
        var configuration = Flyway.configure().dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }

    private static Connection connect(Database database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
