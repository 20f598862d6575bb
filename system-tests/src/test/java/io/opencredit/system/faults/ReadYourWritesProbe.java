package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.system.faults.InvariantChecker.Inputs;
import io.opencredit.system.faults.InvariantChecker.SentUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SPEC R2 under faults: while the load and the faults run, a write followed at once by a read that presents the
 * write's {@code OpenCredit-Consistency} token, again and again: a usage record, then the ledger's statement since
 * just before it. Answered 200, it must hold the usage; an answer without it is a wrong answer, a violation. 503 (the
 * bound passed while an instance was down) and no answer are honest and only counted.
 *
 * <p>Only usage, like the load's: a key activated into a subscription mid-run (tried first) re-arms its alerts and
 * reactivates it, which the run's alert and token checks rightly do not expect of this workload. Activations followed
 * by reads are {@code ReadYourWritesIT}'s.
 */
final class ReadYourWritesProbe {

    private static final String HEADER = "OpenCredit-Consistency";
    /** Pages of a statement read before a usage counts as missing from it (500 entries a page). */
    private static final int MAX_STATEMENT_PAGES = 50;

    private final Workload workload;
    private final Inputs inputs;
    private final SuiteClient http = new SuiteClient();
    private final Random random;
    private final AtomicLong chains = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private volatile boolean running = true;

    ReadYourWritesProbe(Workload workload, Inputs inputs, long seed) {
        this.workload = workload;
        this.inputs = inputs;
        this.random = new Random(seed ^ 0x2EAD);
    }

    /** Chains, one every 300 ms, until {@link #stop()}. */
    void run() {
        List<UUID> subscriptions = workload.subscriptions();
        try {
            while (running) {
                UUID subscription = subscriptions.get(random.nextInt(subscriptions.size()));
                chains.incrementAndGet();
                usageThenStatement(subscription);
                Thread.sleep(300);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
    }

    String summary() {
        return chains.get() + " write-then-read chains with the token: " + confirmed.get() + " reads saw the write, "
                + unavailable.get() + " were answered 503 or not at all (honest), " + inputs.consistency.size() + " wrong";
    }

    private void usageThenStatement(UUID subscription) throws InterruptedException {
        Map<String, Object> record = workload.usageRecordOf(subscription);
        Instant before = Instant.now().minusSeconds(2); // the suite clock is the wall clock until the clock phase
        SuiteClient.Answer posted = http.post(workload.gatewayUrl(random.nextInt(2)) + "/usage", workload.meterToken(),
                Map.of("records", List.of(record)));
        if (posted.status() == 0 || posted.status() >= 500) {
            // unknown outcome (the gateway may have taken it before the answer was lost): sent again until answered,
            // as the load does, so that the record is definitively accepted (a duplicate at worst) or refused
            unavailable.incrementAndGet();
            posted = http.retrying(Duration.ofMinutes(2), () -> http.post(workload.gatewayUrl(random.nextInt(2)) + "/usage",
                    workload.meterToken(), Map.of("records", List.of(record))));
            if (!posted.ok() || posted.body().path("rejected").size() > 0) {
                inputs.refusals.add(record + ": sent again after no answer, got " + posted);
            } else {
                accepted(subscription, record);
            }
            return;
        }
        if (posted.ok() && posted.body().path("rejected").size() > 0) {
            unavailable.incrementAndGet();
            inputs.refusals.add(record + ": " + posted.body().path("rejected"));
            return;
        }
        if (posted.ok()) {
            accepted(subscription, record);
        }
        if (!posted.ok() || posted.body().path("accepted").asInt() != 1 || posted.consistency() == null) {
            unavailable.incrementAndGet();
            return;
        }
        String usageId = (String) record.get("id");
        // the statement is paged (at most 500 entries a page): under the workload's batches more than a page may
        // land after "before", so every page is read, each with the write's token
        String first = workload.ledgerUrl() + "/subscriptions/" + subscription + "/statement?from=" + before;
        String page = first;
        for (int pages = 0; pages < MAX_STATEMENT_PAGES; pages++) {
            SuiteClient.Answer statement = http.get(page, workload.customerToken(subscription), Map.of(HEADER, posted.consistency()));
            if (!statement.ok()) {
                unavailable.incrementAndGet();
                return;
            }
            if (holdsUsage(statement.body(), usageId)) {
                confirmed.incrementAndGet();
                return;
            }
            String next = statement.body().path("next").asText(null);
            if (next == null) {
                break;
            }
            page = first + "&after=" + next;
        }
        inputs.consistency.add("the statement of " + subscription + " read with the token of usage " + usageId
                + " (" + posted.consistency() + ") does not hold it");
    }

    private void accepted(UUID subscription, Map<String, Object> record) {
        inputs.accept(new SentUsage(subscription, (String) record.get("id"), (String) record.get("meterId"),
                new BigDecimal((String) record.get("quantity"))));
    }

    private static boolean holdsUsage(JsonNode statement, String usageId) {
        for (JsonNode entry : statement.path("entries")) {
            if (usageId.equals(entry.path("payload").path("usageId").asText())) {
                return true;
            }
        }
        return false;
    }
}
