package io.opencredit.billing.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opencredit.billing.config.BillingConfig;
import io.opencredit.billing.config.IntakeParkingConfig;
import io.opencredit.billing.domain.IntakeResult;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.billing.domain.ParkingRules;
import io.opencredit.billing.domain.UsageIntake;
import io.opencredit.billing.persistence.ParkedUsage;
import io.opencredit.billing.persistence.ParkedUsage.Parked;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Producers;
import io.opencredit.events.Topics;
import io.opencredit.events.UsageRejected;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.DeadLetters;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.util.TransactionCallbacks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jboss.logging.Logger;

/**
 * SPEC R3: intake usage for a subscription the gateway does not know yet is held ({@code parked_usage}), not
 * dead-lettered. Each method is one transaction: {@link #ingest} is the intake batch with its parking;
 * {@link #releaseBatch} hands held records whose subscription is now known to the intake, as if they had just
 * arrived (T3-T6, T5); {@link #expireBatch} refuses those held past the horizon visibly: {@code UsageRejected}
 * on {@code billing.events}, {@code opencredit.usage.rejected{reason}}, the record on the {@code .dlq}.
 * {@link ParkingSweep} runs the last two.
 *
 * <p>The number held is a gauge ({@code opencredit.usage.parked}) kept in memory: moved after each commit of this
 * instance and counted again from the table by the sweep, so the bound ({@code park-max}) costs no count per batch;
 * with two instances it is exact to within what the other parked since the last count.
 */
@ApplicationScoped
public class UsageParking {

    private static final Logger LOG = Logger.getLogger(UsageParking.class);

    private final UsageIntake intake;
    private final ParkedUsage store;
    private final Outbox outbox;
    private final DeadLetters deadLetters;
    private final SuiteClock clock;
    private final IntakeParkingConfig config;
    private final BillingConfig billing;
    private final RuntimeConfig runtime;
    private final TransactionCallbacks callbacks;
    private final ObjectReader reader = EventCodec.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final AtomicLong held = new AtomicLong();
    private final Counter rejectedUnknown;
    private final Counter rejectedFull;

    public UsageParking(UsageIntake intake, ParkedUsage store, Outbox outbox, DeadLetters deadLetters, SuiteClock clock,
                        IntakeParkingConfig config, BillingConfig billing, RuntimeConfig runtime,
                        TransactionCallbacks callbacks, MeterRegistry registry) {
        this.intake = intake;
        this.store = store;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.config = config;
        this.billing = billing;
        this.runtime = runtime;
        this.callbacks = callbacks;
        Gauge.builder("opencredit.usage.parked", held, AtomicLong::get)
                .description("usage records of billing.usage-intake held for a subscription not known yet (R3)")
                .register(registry);
        this.rejectedUnknown = rejected(registry, UsageRejected.UNKNOWN_SUBSCRIPTION);
        this.rejectedFull = rejected(registry, UsageRejected.PARK_FULL);
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("opencredit.usage.rejected").tag("reason", reason)
                .description("usage records of billing.usage-intake held and then refused (R3)").register(registry);
    }

    /** The name the intake dead-letters under, so that {@link UsageIntakeReplay} replays these too. */
    String consumerName() {
        return runtime.serviceName() + ".usage-intake";
    }

    /** How many records are held, as this instance last knew. */
    public long held() {
        return held.get();
    }

    /**
     * One intake batch ({@code records} and their values, same positions) through {@link UsageIntake#ingest}, in one
     * transaction with the parking of the records whose subscription is unknown; those beyond {@code park-max} are
     * refused ({@code park-full}: {@code UsageRejected} here, the dead letter by the caller after the commit).
     * Returns the intake's result without the held records.
     */
    @Transactional
    public IntakeResult ingest(List<ConsumerRecord<byte[], byte[]>> records, List<JsonNode> values) {
        IntakeResult result = intake.ingest(values);
        ParkingRules.Split split = ParkingRules.split(result, held.get(), config.parkMax());
        Instant now = clock.now();
        List<Parked> park = new ArrayList<>(split.park().size());
        for (int index : split.park()) {
            ConsumerRecord<byte[], byte[]> record = records.get(index);
            park.add(new Parked(0, subscriptionOf(values.get(index)), values.get(index).get("id").asText(), record.topic(),
                    record.partition(), record.offset(), record.key(), record.value(), encode(record.headers()), now));
        }
        int parked = store.park(park);
        List<EventEnvelope> full = new ArrayList<>();
        for (int index : split.full()) {
            JsonNode value = values.get(index);
            full.add(EventEnvelope.of(subscriptionOf(value), ParkingRules.rejected(value.get("id").asText(), value,
                    UsageRejected.PARK_FULL, "the gateway already holds its maximum of " + config.parkMax()
                            + " usage records for unknown subscriptions", now, now), Producers.BILLING, null, now));
        }
        outbox.appendAll(Topics.BILLING_EVENTS, full);
        if (parked > 0 || !full.isEmpty()) {
            callbacks.afterCommit(() -> {
                held.addAndGet(parked);
                rejectedFull.increment(full.size());
            });
        }
        return split.result();
    }

    /**
     * Up to {@code limit} held records whose subscription is now known (of {@code subscriptions} only, unless null)
     * go through the intake, in arrival order, as
     * if they had just arrived; a record it refuses now (T6, a T5 conflict) is dead-lettered with its reason, as the
     * intake consumer does. Returns how many were taken out of the park.
     */
    @Transactional
    public int releaseBatch(List<UUID> subscriptions, int limit) {
        List<Parked> rows = store.releasable(subscriptions, Math.min(limit, billing.usage().maxBatch()));
        if (rows.isEmpty()) {
            return 0;
        }
        List<JsonNode> values = new ArrayList<>(rows.size());
        for (Parked row : rows) {
            values.add(read(row));
        }
        IntakeResult result = intake.ingest(values);
        Set<Integer> keep = new HashSet<>();
        for (IntakeResult.Rejection rejection : result.rejected()) {
            if (ParkingRules.unknownSubscription(rejection)) {
                keep.add(rejection.index()); // the view's row is there but the intake did not see it: next sweep
                continue;
            }
            String type = rejection.problem().type().toString();
            // in the transaction: should it not commit, the record is dead-lettered again (at least once), never lost
            deadLetters.send(consumerName(), asRecord(rows.get(rejection.index())),
                    type.substring(type.lastIndexOf('/') + 1) + ": " + rejection.problem().detail());
        }
        List<Long> done = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (!keep.contains(i)) {
                done.add(rows.get(i).id());
            }
        }
        store.delete(done);
        callbacks.afterCommit(() -> held.addAndGet(-done.size()));
        LOG.infof("released %d held usage records: %d accepted, %d duplicates, %d refused", done.size(),
                result.accepted(), result.duplicates(), result.rejected().size() - keep.size());
        return done.size();
    }

    /**
     * Up to {@code limit} records held longer than the horizon (suite clock) whose subscription is still unknown are
     * refused: {@code UsageRejected} through the outbox, the record on the {@code .dlq}, then taken out of the park.
     */
    @Transactional
    public int expireBatch(int limit) {
        Instant now = clock.now();
        List<Parked> rows = store.expired(ParkingRules.cutoff(now, config.parkHorizon()), limit);
        if (rows.isEmpty()) {
            return 0;
        }
        List<EventEnvelope> events = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Parked row : rows) {
            String detail = ParkingRules.unknownAfterHorizon(row.subscriptionId(), config.parkHorizon(), row.parkedAt());
            events.add(EventEnvelope.of(row.subscriptionId(), ParkingRules.rejected(row.usageId(), read(row),
                    UsageRejected.UNKNOWN_SUBSCRIPTION, detail, row.parkedAt(), now), Producers.BILLING, null, now));
            // in the transaction: should it not commit, the record is dead-lettered again (at least once), never lost
            deadLetters.send(consumerName(), asRecord(row), UsageRejected.UNKNOWN_SUBSCRIPTION + ": " + detail);
            ids.add(row.id());
        }
        outbox.appendAll(Topics.BILLING_EVENTS, events);
        store.delete(ids);
        callbacks.afterCommit(() -> {
            held.addAndGet(-ids.size());
            rejectedUnknown.increment(ids.size());
        });
        return ids.size();
    }

    /** Counts the held records again (those of other instances too). */
    public void recount() {
        held.set(store.count());
    }

    private JsonNode read(Parked row) {
        try {
            return JsonInput.readTree(reader, row.value()); // as the consumer read it when it parked it (O6)
        } catch (IOException e) {
            throw new IllegalStateException("held usage record " + row.id() + " is no longer readable", e);
        }
    }

    private static UUID subscriptionOf(JsonNode value) {
        return UUID.fromString(value.get("subscriptionId").asText());
    }

    /** The record as it arrived, headers too, for the dead letter. */
    static ConsumerRecord<byte[], byte[]> asRecord(Parked row) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(row.topic(), row.partition(), row.offset(), row.key(), row.value());
        if (row.headers() != null) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row.headers()))) {
                for (int n = in.readInt(); n > 0; n--) {
                    String name = in.readUTF();
                    int length = in.readInt();
                    record.headers().add(name, length < 0 ? null : in.readNBytes(length));
                }
            } catch (IOException e) {
                throw new IllegalStateException("held usage record " + row.id() + " has unreadable headers", e);
            }
        }
        return record;
    }

    /** A record's headers as bytes (count, then name and value of each), or null when it has none. */
    static byte[] encode(Headers headers) {
        Header[] all = headers.toArray();
        if (all.length == 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(all.length);
            for (Header header : all) {
                out.writeUTF(header.key());
                out.writeInt(header.value() == null ? -1 : header.value().length);
                if (header.value() != null) {
                    out.write(header.value());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode record headers", e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }
}
