package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.persistence.CatalogueStore;
import io.opencredit.billing.persistence.IntakeLog;
import io.opencredit.billing.persistence.SubscriptionStore;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.Sha256;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRecorded;
import io.opencredit.runtime.api.Problem;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.opencredit.runtime.util.TransactionCallbacks;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Usage intake (SPEC T3–T6, M1, M3): validates each record of a batch, drops repeats (T5), rates
 * the new ones with the catalogue in the subscription's currency and publishes {@code UsageRecorded}
 * through the outbox, all in one transaction. One bad record never sinks the batch: it is reported
 * with its problem and the others go on. Shared by {@code POST /usage} and the Kafka intake topic.
 */
@ApplicationScoped
public class UsageIntake {

    private static final Logger LOG = Logger.getLogger(UsageIntake.class);

    private final CatalogueStore catalogue;
    private final SubscriptionStore subscriptions;
    private final IntakeLog log;
    private final Outbox outbox;
    private final SuiteClock clock;
    private final BillingConfig config;
    private final TransactionCallbacks callbacks;
    private final Counter acceptedRecords;
    private final Counter duplicateRecords;
    private final Counter rejectedRecords;
    private final Supervisor supervisor;

    public UsageIntake(CatalogueStore catalogue, SubscriptionStore subscriptions, IntakeLog log, Outbox outbox,
                       SuiteClock clock, BillingConfig config, TransactionCallbacks callbacks,
                       MeterRegistry registry, Supervisor supervisor) {
        this.supervisor = supervisor;
        this.catalogue = catalogue;
        this.subscriptions = subscriptions;
        this.log = log;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.callbacks = callbacks;
        this.acceptedRecords = Counter.builder("opencredit.usage.records").tag("outcome", "accepted").register(registry);
        this.duplicateRecords = Counter.builder("opencredit.usage.records").tag("outcome", "duplicate").register(registry);
        this.rejectedRecords = Counter.builder("opencredit.usage.records").tag("outcome", "rejected").register(registry);
    }

    /** A well-formed record of the batch: its position, content, content hash (T5) and intake-log key. */
    private record Candidate(int index, UsageInput usage, byte[] hash, IntakeLog.Key key) {

        /** Whether the intake log holds this very content for the key (a repeat), given the logged hash or null. */
        boolean sameContentAs(byte[] logged) {
            return logged != null && Arrays.equals(hash, logged);
        }
    }

    /** A record a rule after T5 refuses; reported so only if the intake log does not know its key. */
    private record Refused(Candidate candidate, IntakeResult.Rejection rejection) {
    }

    /**
     * Processes one batch of JSON records (1..max, checked by the caller) in one transaction: each is
     * read by {@link UsageRules#read(JsonNode)}, then as {@link #ingestRecords}.
     */
    @Transactional
    public IntakeResult ingest(List<JsonNode> records) {
        List<UsageRecord> read = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            read.add(UsageRules.read(record));
        }
        return ingestRecords(read);
    }

    /**
     * Processes one batch of records as read (1..max, checked by the caller) in one transaction.
     *
     * <p>The intake log is written first and asked afterwards: one {@code INSERT ... ON CONFLICT DO
     * NOTHING RETURNING} tells which records are new, and only the few that were not (repeats,
     * conflicts) or that a rule refused are looked up, to report them by T5 first (a late repeat is
     * still a duplicate). A batch without repeats costs one intake-log statement instead of two.
     *
     * <p>Each step is a method of its own with one loop over the records, calling a method per
     * record: the JIT compiles small methods once, where one method holding every loop was compiled
     * again for each of its loops (on-stack replacement) and took seconds of compiler time.
     */
    @Transactional
    public IntakeResult ingestRecords(List<UsageRecord> records) {
        Batch batch = new Batch(clock.now(), records.size());
        // 1. syntax (M1, ids, §5), as read; content hash (T5)
        batch.read(records);
        // 2. meter, subscription, T6; rate (T3, T4, M3) the first record of each key that passes them
        batch.rate(subscriptions.findAll(batch.subscriptionIds()), catalogue.catalogue(), config.usage().maxLateness());
        // 3. T5: log what is new; what the log already held (earlier batch, or a concurrent one that
        //    committed meanwhile) and what a rule refused is read back and judged by its content
        boolean[] inserted = log.insert(batch.entries, batch.now);
        List<IntakeLog.Key> toRead = batch.toRead(inserted);
        // the log's content per key after this batch's insert (read back inside this transaction)
        Map<IntakeLog.Key, byte[]> logged = toRead.isEmpty() ? Map.of() : log.existing(toRead);
        List<EventEnvelope> publish = batch.judge(inserted, logged);

        // 4. publish exactly what was logged, in the same transaction
        outbox.appendAll(Topics.BILLING_EVENTS, publish);
        batch.rejected.sort(Comparator.comparingInt(IntakeResult.Rejection::index));
        IntakeResult result = new IntakeResult(publish.size(), batch.duplicates, batch.rejected);
        countAfterCommit(result);
        return result;
    }

    /** The state of one batch through the steps of {@link #ingestRecords}. */
    private static final class Batch {
        final Instant now;
        final List<IntakeResult.Rejection> rejected = new ArrayList<>();
        int duplicates;
        final List<Candidate> candidates;
        final List<Candidate> accepted;
        final List<EventEnvelope> events;
        final List<IntakeLog.Entry> entries;
        final Set<IntakeLog.Key> claimed;
        final List<Refused> refused = new ArrayList<>();
        final List<Candidate> repeats = new ArrayList<>();
        private final MessageDigest sha256 = Sha256.digest();
        private Map<UUID, SubscriptionInfo> subscriptions;
        private PriceCatalogue prices;
        private Duration lateness;

        Batch(Instant now, int size) {
            this.now = now;
            this.candidates = new ArrayList<>(size);
            this.accepted = new ArrayList<>(size);
            this.events = new ArrayList<>(size);
            this.entries = new ArrayList<>(size);
            this.claimed = new HashSet<>(size * 2);
        }

        void read(List<UsageRecord> records) {
            for (int i = 0; i < records.size(); i++) {
                read(i, records.get(i));
            }
        }

        private void read(int index, UsageRecord record) {
            UsageInput usage = record.usage();
            if (usage == null) {
                rejected.add(reject(index, record.id(), 400, record.problem()));
            } else {
                candidates.add(new Candidate(index, usage, usage.contentHash(sha256),
                        new IntakeLog.Key(usage.subscriptionId(), usage.id())));
            }
        }

        List<UUID> subscriptionIds() {
            List<UUID> ids = new ArrayList<>(candidates.size());
            for (Candidate candidate : candidates) {
                ids.add(candidate.usage().subscriptionId());
            }
            return ids;
        }

        void rate(Map<UUID, SubscriptionInfo> subscriptions, PriceCatalogue prices, Duration lateness) {
            this.subscriptions = subscriptions;
            this.prices = prices;
            this.lateness = lateness;
            for (Candidate candidate : candidates) {
                rate(candidate);
            }
        }

        private void rate(Candidate candidate) {
            UsageInput usage = candidate.usage();
            Meter meter = prices.meterOrNull(usage.meterId());
            SubscriptionInfo subscription = subscriptions.get(usage.subscriptionId());
            Money unitPrice = meter == null || subscription == null ? null : prices.unitPriceOrNull(meter, subscription.currency());
            IntakeResult.Rejection refusal = refusal(candidate, meter, subscription, unitPrice, now, lateness);
            if (refusal != null) {
                refused.add(new Refused(candidate, refusal));
                return;
            }
            if (!claimed.add(candidate.key())) {
                repeats.add(candidate); // a repeat inside the batch: judged against the log below
                return;
            }
            UsageRecorded payload = new UsageRecorded(usage.id(), meter.meterId(), meter.service(), usage.quantity(), meter.unit(),
                    unitPrice, PriceCatalogue.rate(unitPrice, usage.quantity()), meter.eligible(), usage.usageTime());
            EventEnvelope event = EventEnvelope.of(usage.subscriptionId(), payload, Producers.BILLING, null, now);
            accepted.add(candidate);
            events.add(event);
            entries.add(new IntakeLog.Entry(candidate.key(), candidate.hash(), event.eventId(), usage.usageTime()));
        }

        /** The keys to read back from the log: entries it did not insert, repeats, refusals. */
        List<IntakeLog.Key> toRead(boolean[] inserted) {
            List<IntakeLog.Key> toRead = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                if (!inserted[i]) {
                    toRead.add(entries.get(i).key());
                }
            }
            for (Refused r : refused) {
                toRead.add(r.candidate().key());
            }
            for (Candidate repeat : repeats) {
                toRead.add(repeat.key());
            }
            return toRead;
        }

        /** T5 for what was not inserted; the events of what was, in order. */
        List<EventEnvelope> judge(boolean[] inserted, Map<IntakeLog.Key, byte[]> logged) {
            List<EventEnvelope> publish = events;
            int insertedCount = 0;
            for (boolean b : inserted) {
                insertedCount += b ? 1 : 0;
            }
            if (insertedCount != entries.size()) {
                publish = new ArrayList<>(insertedCount);
                for (int i = 0; i < entries.size(); i++) {
                    Candidate candidate = accepted.get(i);
                    if (inserted[i]) {
                        publish.add(events.get(i));
                    } else {
                        repeated(candidate, logged.get(candidate.key()));
                    }
                }
            }
            for (Candidate repeat : repeats) {
                repeated(repeat, logged.get(repeat.key()));
            }
            for (Refused r : refused) {
                byte[] hash = logged.get(r.candidate().key());
                if (hash == null) {
                    rejected.add(r.rejection());
                } else {
                    repeated(r.candidate(), hash); // T5 before T6: a late repeat of an accepted record is still a duplicate
                }
            }
            return publish;
        }

        /** A record whose key the log holds: a duplicate if the content is the same, else a conflict. */
        private void repeated(Candidate candidate, byte[] logged) {
            if (candidate.sameContentAs(logged)) {
                duplicates++;
            } else {
                rejected.add(conflict(candidate));
            }
        }
    }

    /**
     * Why a well-formed record cannot be accepted (unknown meter or subscription, S3, T6, M3), or
     * null. {@code meter}, {@code subscription} and {@code unitPrice} are null when unknown.
     */
    private static IntakeResult.Rejection refusal(Candidate candidate, Meter meter, SubscriptionInfo subscription,
                                                  Money unitPrice, Instant now, Duration lateness) {
        UsageInput usage = candidate.usage();
        if (meter == null) {
            return reject(candidate.index(), usage.id(), 422, new InvalidInput("unknown-meter",
                    "meter '" + usage.meterId() + "' is not in the price catalogue"));
        }
        if (subscription == null) {
            return reject(candidate.index(), usage.id(), 404, new InvalidInput("not-found",
                    "no subscription " + usage.subscriptionId()));
        }
        Optional<InvalidInput> refusal = UsageRules.refusal(usage, subscription, now, lateness);
        if (refusal.isPresent()) {
            return reject(candidate.index(), usage.id(), 422, refusal.get());
        }
        if (unitPrice == null) {
            return reject(candidate.index(), usage.id(), 422, new InvalidInput("M3-no-price-in-currency",
                    "meter '" + usage.meterId() + "' has no price in " + subscription.currency()));
        }
        return null;
    }

    private static IntakeResult.Rejection conflict(Candidate candidate) {
        return reject(candidate.index(), candidate.usage().id(), 409, new InvalidInput("T5-usage-id-conflict",
                "usage id '" + candidate.usage().id() + "' was already accepted for subscription "
                        + candidate.usage().subscriptionId() + " with different content"));
    }

    private static IntakeResult.Rejection reject(int index, String id, int status, InvalidInput e) {
        String title = switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            default -> "Unprocessable content";
        };
        return new IntakeResult.Rejection(index, id, new Problem(Problem.type(e.slug()), title, status, e.getMessage(), null));
    }

    /** Forgets intake entries one day beyond the lateness window: their repeats are refused as too late (T6). */
    @Scheduled(every = "1h", delayed = "5m")
    void purge() {
        purgeJob().run(() -> {
            int purged = log.purgeOlderThan(clock.now().minus(config.usage().maxLateness()).minus(Duration.ofDays(1)));
            if (purged > 0) {
                LOG.infof("purged %d usage intake entries beyond the lateness window", purged);
            }
        });
    }

    void onStart(@Observes StartupEvent event) {
        purgeJob();
    }

    /** The purge as a supervised job (SPEC O4): a failed run is counted and shows in liveness. */
    private PeriodicJob purgeJob() {
        return supervisor.periodic("usage-intake-purge", Duration.ofHours(1));
    }

    /** Usage counters move only for batches that committed. */
    private void countAfterCommit(IntakeResult result) {
        callbacks.afterCommit(() -> {
            acceptedRecords.increment(result.accepted());
            duplicateRecords.increment(result.duplicates());
            rejectedRecords.increment(result.rejected().size());
        });
    }
}
