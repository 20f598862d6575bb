package io.opencredit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Matches the records of {@code billing.events} and {@code ledger.events} to the registered {@link Probe}s and stamps
 * them (see {@link BalanceWatch}, which feeds it). {@code BalanceChanged} carries no usage id: the ledger closes each
 * subscription's change in a commit with one {@code BalanceChanged} (the latest), published right after that commit's
 * {@code CreditConsumed} facts, from the same outbox bundle and on the same partition (the key is the subscription).
 * So a usage's balance event is the first {@code BalanceChanged} of its key after the {@code CreditConsumed} naming
 * its usage id; two usages of one key in one commit share it, as they share the balance it reports. Only the
 * registered keys' records are decoded. Records are fed by one thread; probes are registered by another.
 */
final class BalanceMatcher {

    static final String BILLING_EVENTS = "billing.events";
    static final String LEDGER_EVENTS = "ledger.events";
    /** When the outbox row was written, epoch microseconds as decimal text (the relays may not set it yet). */
    static final String WRITTEN_AT = "opencredit.written-at";
    static final String EVENT_TYPE = "opencredit.event-type";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Probe> byUsage = new ConcurrentHashMap<>();
    /** Per registered subscription, the probes whose CreditConsumed was seen and whose BalanceChanged was not yet (the feeding thread's only). */
    private final Map<String, List<Probe>> pending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> timestampTypes = new ConcurrentSkipListMap<>();
    private final AtomicLong resolved = new AtomicLong();

    /** Watch for this probe's events (before its request is sent). */
    void register(Probe probe) {
        byUsage.put(probe.usageId, probe);
        pending.computeIfAbsent(probe.subscriptionId, k -> new ArrayList<>());
    }

    /** How many probes have their BalanceChanged. */
    long resolved() {
        return resolved.get();
    }

    /** The timestamp types of the records of watched subscriptions, with their counts (CreateTime expected). */
    String timestampTypes() {
        StringBuilder text = new StringBuilder();
        timestampTypes.forEach((type, n) -> text.append(text.length() == 0 ? "" : ", ").append(type).append(' ').append(n.get()));
        return text.length() == 0 ? "none seen" : text.toString();
    }

    /** One record read at {@code seen} (epoch microseconds); records of subscriptions without probes are skipped undecoded. */
    void accept(ConsumerRecord<String, byte[]> record, long seen) {
        List<Probe> waiting = record.key() == null ? null : pending.get(record.key());
        if (waiting != null) {
            apply(record, waiting, seen);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record, List<Probe> waiting, long seen) {
        timestampTypes.computeIfAbsent(record.topic() + " " + record.timestampType(), k -> new AtomicLong()).incrementAndGet();
        long timestamp = TimeUnit.MILLISECONDS.toMicros(record.timestamp());
        String type = header(record, EVENT_TYPE);
        if (BILLING_EVENTS.equals(record.topic()) && "UsageRecorded".equals(type)) {
            Probe probe = byUsage.get(usageId(record.value()));
            if (probe != null && probe.usageRecorded == 0) {
                probe.usageWrittenAt = writtenAt(record);
                probe.usageRecorded = timestamp;
            }
        } else if (LEDGER_EVENTS.equals(record.topic()) && "CreditConsumed".equals(type)) {
            Probe probe = byUsage.get(usageId(record.value()));
            if (probe != null && probe.creditConsumed == 0) { // a usage spanning tokens has several; the first counts
                probe.creditConsumed = timestamp;
                waiting.add(probe);
            }
        } else if (LEDGER_EVENTS.equals(record.topic()) && "BalanceChanged".equals(type) && !waiting.isEmpty()) {
            long writtenAt = writtenAt(record);
            for (Probe probe : waiting) {
                probe.balanceChanged = timestamp;
                probe.balanceWrittenAt = writtenAt;
                probe.balanceSeen = seen;
            }
            resolved.addAndGet(waiting.size());
            waiting.clear();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long writtenAt(ConsumerRecord<String, byte[]> record) {
        String text = header(record, WRITTEN_AT);
        try {
            return text == null ? 0 : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String usageId(byte[] envelope) {
        try {
            return JSON.readTree(envelope).path("payload").path("usageId").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
