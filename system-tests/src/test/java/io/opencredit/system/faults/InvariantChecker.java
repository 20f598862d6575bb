package io.opencredit.system.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.Pseudonyms;
import io.opencredit.local.MailCapture;
import io.opencredit.system.faults.ReferenceFold.Event;
import io.opencredit.system.faults.ReferenceFold.Folded;
import io.opencredit.system.faults.ReferenceFold.Subscription;
import io.opencredit.system.faults.ReferenceFold.Token;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Checks the invariants of ENGINEERING.md ("Proving it under faults") on a {@link Folded} final
 * read, against what the workload knows it sent and what the suite answers at the end. The
 * expectations are computed here from SPEC.md: amount = quantity × unit price (M1, half-even at 6
 * digits), usage paid from the tokens in FIFO order (T2), overage beyond them (T7), suspension at
 * zero (S1), one TokenBalanceLow per token at 30 % (A1), one SubscriptionCreditLow per alert
 * crossing (A3), one email per alert event and recipient (A4).
 *
 * <p>The workload adds every credit before any usage and never raises a balance afterwards, so
 * the final state of a subscription does not depend on the order in which the ledger saw the usage
 * records: the ledger's per-event order is checked separately (FIFO, never negative, conservation).
 */
final class InvariantChecker {

    static final BigDecimal TOKEN_LOW_PERCENT = new BigDecimal("30");
    static final String USAGE_INTAKE = "billing.usage-intake";
    /** A2: the expiry notice comes 30 days before; S3: deprovisioning 90 days after suspension. */
    static final java.time.Duration EXPIRING_NOTICE = java.time.Duration.ofDays(30);
    static final java.time.Duration DEPROVISION_AFTER = java.time.Duration.ofDays(90);

    /** A price-catalogue entry as the workload read it (SPEC T3/T4). */
    record Meter(String meterId, boolean eligible, BigDecimal unitPrice) {
    }

    /** A usage record the gateway definitively accepted (202, not rejected) — possibly after retries. */
    record SentUsage(UUID subscriptionId, String usageId, String meterId, BigDecimal quantity) {
    }

    /** A subscription credit alert (SPEC A3) as configured, armed, by the workload. */
    record Alert(int number, BigDecimal threshold, List<String> recipients) {
    }

    /** What the workload set up for one subscription. */
    record Plan(UUID subscriptionId, String accountEmail, List<Alert> alerts) {
    }

    /** Where a record was: for injected poison records and their dead letters. */
    record Source(String topic, int partition, long offset) {
    }

    /** A card top-up the gateway confirmed (2xx to a signed webhook): it must become exactly one credit (S5). */
    record Payment(String reference, UUID subscriptionId, BigDecimal amount) {
    }

    /**
     * An operator correction the workload made (F4) and the ledger's final answer to it: {@link #APPLIED} (201), or
     * the slug of a refusal it may rightly give (a negative adjustment beyond the credit left, a void of usage that
     * left nothing to give back), or {@link #NOT_FOUND} for a void of usage the ledger never showed within the wait.
     * {@code amount} is the adjustment's, null for a void; {@code key} its reference or the voided usage id.
     */
    record Correction(UUID subscriptionId, String key, BigDecimal amount, String outcome) {
        static final String APPLIED = "applied";
        static final String NOT_FOUND = "not-found";

        boolean isVoid() {
            return amount == null;
        }
    }

    /** Everything outside the final read of the topics the checker compares with. */
    static final class Inputs {
        final Map<String, Meter> meters = new HashMap<>();
        final Map<UUID, Plan> plans = new LinkedHashMap<>();
        final Map<UUID, Map<String, SentUsage>> accepted = new HashMap<>();
        /** Usage the gateway refused although it was valid (a workload or gateway defect). */
        final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
        final Set<Source> injectedPoison = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final Set<Source> deadLettered = new HashSet<>();
        /** F4: the operator's adjustments by reference and usage voids by usage id, each with the ledger's final answer. */
        final Map<String, Correction> adjustments = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Correction> voids = new java.util.concurrent.ConcurrentHashMap<>();
        /** F4: corrections answered in a way no rule allows (a refusal of a valid correction). */
        final List<String> correctionProblems = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Confirmed card top-ups by payment reference. */
        final Map<String, Payment> payments = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * How far the suite clock was moved (the clock phase), zero if not; with {@link #clockMovedAt}
         * (the real time of the move) it says which time-driven facts fell due (C1).
         */
        java.time.Duration clockAdvance = java.time.Duration.ZERO;
        java.time.Instant clockMovedAt;
        /** Instances that did not follow the clock advance (C2). */
        final List<String> clockProblems = new ArrayList<>();
        /** Supervised loops that did not come back after an injected Error (O4). */
        final List<String> loopProblems = new ArrayList<>();
        /** The ledger's final {@code GET /subscriptions/{id}/balance} answers. */
        final Map<UUID, JsonNode> balances = new HashMap<>();
        final List<MailCapture.Mail> mails = new ArrayList<>();
        /** Deliveries the alerting service marked UNCERTAIN ("eventId|recipient"): at most once, by A4. */
        final Set<String> uncertain = new HashSet<>();
        /** Reads right after a write, with its token, that answered without the write (SPEC R2): wrong answers. */
        final List<String> consistency = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Set when consumer lag did not return to zero in time (I6). */
        final List<String> lag = new ArrayList<>();

        synchronized void accept(SentUsage usage) {
            accepted.computeIfAbsent(usage.subscriptionId(), s -> new LinkedHashMap<>()).put(usage.usageId(), usage);
        }
    }

    /** The verdict: events checked, and every violation by invariant. */
    static final class Verdict {
        long records;
        long events;
        long usageChecked;
        final Map<String, List<String>> violations = new TreeMap<>();
        final List<String> notes = new ArrayList<>();

        void violation(String invariant, String text) {
            violations.computeIfAbsent(invariant, i -> new ArrayList<>()).add(text);
        }

        int count() {
            return violations.values().stream().mapToInt(List::size).sum();
        }

        List<String> of(String invariant) {
            return violations.getOrDefault(invariant, List.of());
        }

        String summary(int shown) {
            StringBuilder text = new StringBuilder();
            violations.forEach((invariant, list) -> {
                text.append("  ").append(invariant).append(": ").append(list.size()).append('\n');
                list.stream().limit(shown).forEach(v -> text.append("    - ").append(v).append('\n'));
            });
            return text.toString();
        }
    }

    private InvariantChecker() {
    }

    static BigDecimal rate(BigDecimal quantity, BigDecimal unitPrice) {
        return quantity.multiply(unitPrice).setScale(6, RoundingMode.HALF_EVEN);
    }

    static Verdict check(Folded folded, Inputs inputs) {
        Verdict verdict = new Verdict();
        verdict.records = folded.records;
        verdict.events = folded.events;
        Set<String> expectedMail = new HashSet<>();
        for (Plan plan : inputs.plans.values()) {
            Subscription subscription = folded.subscriptions.get(plan.subscriptionId());
            if (subscription == null) {
                verdict.violation("I1", plan.subscriptionId() + ": no event at all in the final read");
                continue;
            }
            checkSubscription(subscription, plan, inputs, verdict, expectedMail);
        }
        for (MailCapture.Mail mail : inputs.mails) {
            for (String recipient : mail.recipients()) {
                if (!expectedMail.contains(mail.eventId() + "|" + normal(recipient))) {
                    verdict.violation("I5", "email for no alert event of the run: event " + mail.eventId() + " to " + recipient
                            + " (" + mail.subject() + ")");
                }
            }
        }
        for (Source poison : inputs.injectedPoison) {
            if (!inputs.deadLettered.contains(poison)) {
                verdict.violation("§5", "malformed record " + poison + " never reached " + poison.topic() + ".dlq");
            }
        }
        for (Source dead : inputs.deadLettered) {
            if (dead.topic().equals(USAGE_INTAKE) && !inputs.injectedPoison.contains(dead)) {
                verdict.violation("I1", "valid intake usage dead-lettered: " + dead);
            }
        }
        checkPayments(folded, inputs, verdict);
        inputs.refusals.forEach(r -> verdict.violation("I1", "valid usage refused: " + r));
        inputs.correctionProblems.forEach(c -> verdict.violation("F4", c));
        inputs.clockProblems.forEach(c -> verdict.violation("C2", c));
        inputs.loopProblems.forEach(l -> verdict.violation("O4", l));
        inputs.lag.forEach(l -> verdict.violation("I6", l));
        inputs.consistency.forEach(c -> verdict.violation("R2", c));
        return verdict;
    }

    private static void checkSubscription(Subscription sub, Plan plan, Inputs inputs, Verdict verdict, Set<String> expectedMail) {
        UUID id = sub.id;
        Map<String, SentUsage> accepted = inputs.accepted.getOrDefault(id, Map.of());

        // ---- I1/I2 at the gateway: every accepted usage recorded once, nothing else recorded -------------
        Map<String, BigDecimal> expectedAmount = new HashMap<>();
        Map<String, Boolean> eligible = new HashMap<>();
        for (SentUsage usage : accepted.values()) {
            verdict.usageChecked++;
            Meter meter = inputs.meters.get(usage.meterId());
            BigDecimal amount = rate(usage.quantity(), meter.unitPrice());
            expectedAmount.put(usage.usageId(), amount);
            eligible.put(usage.usageId(), meter.eligible());
            List<Event> recorded = sub.usage.get(usage.usageId());
            if (recorded == null) {
                verdict.violation("I1", id + ": accepted usage " + usage.usageId() + " was never recorded on billing.events");
                continue;
            }
            if (recorded.size() > 1) {
                verdict.violation("I2", id + ": usage " + usage.usageId() + " recorded " + recorded.size() + " times as distinct events "
                        + recorded.stream().map(Event::eventId).toList());
            }
            Event first = recorded.get(0);
            if (first.amount("amount").compareTo(amount) != 0 || first.payload().path("eligible").asBoolean() != meter.eligible()
                    || !usage.meterId().equals(first.text("meterId"))) {
                verdict.violation("I3", id + ": usage " + usage.usageId() + " rated " + first.payload() + ", expected amount " + amount
                        + " eligible " + meter.eligible());
            }
        }
        for (Map.Entry<String, List<Event>> recorded : sub.usage.entrySet()) {
            if (!accepted.containsKey(recorded.getKey())) {
                verdict.violation("I2", id + ": usage " + recorded.getKey() + " recorded (events "
                        + recorded.getValue().stream().map(Event::eventId).toList() + ") but never accepted");
            }
        }

        // ---- the reference: usage, adjustments and voids replayed in the order the ledger applied them -------
        sub.creditEvents.forEach((token, events) -> {
            if (events.size() > 1) {
                verdict.violation("I2", id + ": token " + token + " credited by " + events.size() + " distinct events " + events);
            }
        });
        ReferenceLedger reference = referenceOf(sub, plan, inputs, expectedAmount, eligible, verdict);
        List<Token> fifo = reference.tokens().stream().sorted(ReferenceFold.FIFO).toList();
        Map<UUID, BigDecimal> expectedRemaining = reference.remaining();
        BigDecimal expectedOverage = reference.overage();
        BigDecimal expectedTotal = reference.total();
        boolean expectSuspended = reference.suspended();
        String expectedStatus = expectSuspended ? "SUSPENDED" : "ACTIVE";

        // ---- replay of the ledger's own stream: I4 (never negative, FIFO, conservation), I1/I2 per usage ----
        // every token the stream names, an adjustment's from its CreditAdjusted on (F4)
        List<Token> streamFifo = sub.tokensInFifoOrder();
        Map<UUID, BigDecimal> running = new LinkedHashMap<>();
        Map<UUID, BigDecimal> consumed = new HashMap<>();
        Map<UUID, BigDecimal> lost = new HashMap<>();
        Map<UUID, BigDecimal> taken = new HashMap<>();
        Map<UUID, BigDecimal> returned = new HashMap<>();
        for (Token token : streamFifo) {
            running.put(token.tokenId(), isAdjustment(token) ? BigDecimal.ZERO : token.original());
            consumed.put(token.tokenId(), BigDecimal.ZERO);
            lost.put(token.tokenId(), BigDecimal.ZERO);
            taken.put(token.tokenId(), BigDecimal.ZERO);
            returned.put(token.tokenId(), BigDecimal.ZERO);
        }
        Map<String, Map<UUID, BigDecimal>> debitsByUsage = new HashMap<>();
        List<Event> reactivated = new ArrayList<>();
        Map<String, BigDecimal> paid = new HashMap<>();
        Map<String, BigDecimal> billedToCard = new HashMap<>();
        Map<UUID, List<Event>> tokenLow = new HashMap<>();
        Map<Integer, List<Event>> creditLow = new HashMap<>();
        List<Event> suspended = new ArrayList<>();
        Map<UUID, List<Event>> expiring = new HashMap<>();
        List<Event> deprovisioned = new ArrayList<>();
        List<Event> alertEvents = new ArrayList<>();
        Event lastBalance = null;
        BigDecimal overage = BigDecimal.ZERO;
        int fifoReports = 0;
        for (Event e : sub.ledger) {
            switch (e.type()) {
                case "CreditConsumed" -> {
                    UUID token = e.uuid("tokenId");
                    BigDecimal amount = e.amount("amount");
                    paid.merge(e.text("usageId"), amount, BigDecimal::add);
                    if (!running.containsKey(token)) {
                        verdict.violation("I4", id + ": CreditConsumed " + e.eventId() + " debits unknown token " + token);
                        continue;
                    }
                    debitsByUsage.computeIfAbsent(e.text("usageId"), u -> new HashMap<>()).merge(token, amount, BigDecimal::add);
                    UUID earlier = earlierHolder(streamFifo, running, token);
                    if (earlier != null && fifoReports++ < 3) {
                        verdict.violation("I4", id + ": CreditConsumed " + e.eventId() + " debits token " + token + " while "
                                + earlier + ", earlier in FIFO order, still holds " + running.get(earlier));
                    }
                    BigDecimal after = running.get(token).subtract(amount);
                    running.put(token, after);
                    consumed.merge(token, amount, BigDecimal::add);
                    if (after.signum() < 0) {
                        verdict.violation("I4", id + ": token " + token + " negative (" + after + ") after CreditConsumed " + e.eventId());
                    }
                    if (e.amount("tokenRemaining").compareTo(after) != 0) {
                        verdict.violation("I4", id + ": CreditConsumed " + e.eventId() + " says token " + token + " has "
                                + e.amount("tokenRemaining") + " left, its own stream gives " + after);
                    }
                }
                case "OverageRecorded" -> {
                    BigDecimal amount = e.amount("amount");
                    paid.merge(e.text("usageId"), amount, BigDecimal::add);
                    overage = overage.add(amount);
                    running.forEach((token, rest) -> {
                        if (rest.signum() > 0) {
                            verdict.violation("I4", id + ": OverageRecorded " + e.eventId() + " while token " + token + " still holds " + rest);
                        }
                    });
                }
                case "UsageBilledToCard" -> billedToCard.merge(e.text("usageId"), e.amount("amount"), BigDecimal::add);
                case "OverageSettled" -> {
                    UUID token = e.uuid("tokenId");
                    running.computeIfPresent(token, (t, r) -> r.subtract(e.amount("amount")));
                    consumed.merge(token, e.amount("amount"), BigDecimal::add);
                    overage = overage.subtract(e.amount("amount"));
                }
                case "TokenExpired" -> {
                    UUID token = e.uuid("tokenId");
                    running.computeIfPresent(token, (t, r) -> r.subtract(e.amount("forfeited")));
                    lost.merge(token, e.amount("forfeited"), BigDecimal::add);
                }
                case "CreditAdjusted" -> {
                    // F4: a positive adjustment fills its new token, a negative one takes from the token named, FIFO
                    UUID token = e.uuid("tokenId");
                    BigDecimal amount = e.amount("amount");
                    if (!running.containsKey(token)) {
                        verdict.violation("I4", id + ": CreditAdjusted " + e.eventId() + " names unknown token " + token);
                        continue;
                    }
                    if (amount.signum() < 0) {
                        UUID earlier = earlierHolder(streamFifo, running, token);
                        if (earlier != null && fifoReports++ < 3) {
                            verdict.violation("I4", id + ": CreditAdjusted " + e.eventId() + " takes from token " + token + " while "
                                    + earlier + ", earlier in FIFO order, still holds " + running.get(earlier));
                        }
                        taken.merge(token, amount.negate(), BigDecimal::add);
                    }
                    BigDecimal after = running.get(token).add(amount);
                    running.put(token, after);
                    if (after.signum() < 0) {
                        verdict.violation("I4", id + ": token " + token + " negative (" + after + ") after CreditAdjusted " + e.eventId());
                    }
                    if (e.amount("remaining").compareTo(after) != 0) {
                        verdict.violation("I4", id + ": CreditAdjusted " + e.eventId() + " says token " + token + " has "
                                + e.amount("remaining") + " left, its own stream gives " + after);
                    }
                }
                case "UsageVoided" -> {
                    // F4: RETURNED is credit of its token again; FORFEITED changes nothing (the token is closed)
                    BigDecimal amount = e.amount("amount");
                    switch (e.text("disposition")) {
                        case "RETURNED" -> {
                            UUID token = e.uuid("tokenId");
                            if (!running.containsKey(token)) {
                                verdict.violation("I4", id + ": UsageVoided " + e.eventId() + " returns to unknown token " + token);
                                continue;
                            }
                            running.merge(token, amount, BigDecimal::add);
                            returned.merge(token, amount, BigDecimal::add);
                        }
                        case "OVERAGE_CANCELLED" -> overage = overage.subtract(amount);
                        default -> {
                            // FORFEITED: given back to a closed token and forfeited at once
                        }
                    }
                }
                case "SubscriptionReactivated" -> {
                    reactivated.add(e);
                    alertEvents.add(e);
                }
                case "CreditForfeited" -> {
                    UUID token = e.uuid("tokenId");
                    running.computeIfPresent(token, (t, r) -> r.subtract(e.amount("amount")));
                    lost.merge(token, e.amount("amount"), BigDecimal::add);
                }
                case "TokenBalanceLow" -> {
                    tokenLow.computeIfAbsent(e.uuid("tokenId"), t -> new ArrayList<>()).add(e);
                    alertEvents.add(e);
                }
                case "SubscriptionCreditLow" -> {
                    creditLow.computeIfAbsent(e.payload().path("alertNumber").asInt(), n -> new ArrayList<>()).add(e);
                    alertEvents.add(e);
                }
                case "SubscriptionSuspended" -> {
                    suspended.add(e);
                    alertEvents.add(e);
                }
                case "TokenExpiring" -> {
                    expiring.computeIfAbsent(e.uuid("tokenId"), t -> new ArrayList<>()).add(e);
                    alertEvents.add(e);
                }
                case "SubscriptionDeprovisioned" -> {
                    deprovisioned.add(e);
                    alertEvents.add(e);
                }
                // F1: forecasts are emailed to the account administrator, once per event, like A2's TokenExpiring
                case "CreditDepletionForecast", "TokenWillExpireUnused" -> alertEvents.add(e);
                case "BalanceChanged" -> lastBalance = e;
                default -> {
                    // other ledger events play no part in this workload
                }
            }
        }
        for (Map.Entry<String, BigDecimal> entry : expectedAmount.entrySet()) {
            String usageId = entry.getKey();
            BigDecimal amount = entry.getValue();
            BigDecimal applied = eligible.get(usageId) ? paid.getOrDefault(usageId, BigDecimal.ZERO) : billedToCard.getOrDefault(usageId, BigDecimal.ZERO);
            BigDecimal wrongSide = eligible.get(usageId) ? billedToCard.get(usageId) : paid.get(usageId);
            if (applied.compareTo(amount) == 0) {
                // applied exactly once
            } else if (applied.signum() == 0 && amount.signum() > 0) {
                verdict.violation("I1", id + ": usage " + usageId + " (" + amount + ") never applied by the ledger");
            } else if (applied.compareTo(amount) > 0) {
                verdict.violation("I2", id + ": usage " + usageId + " applied for " + applied + ", its amount is " + amount);
            } else {
                verdict.violation("I3", id + ": usage " + usageId + " applied for " + applied + ", its amount is " + amount);
            }
            if (wrongSide != null && wrongSide.signum() != 0) {
                verdict.violation("I3", id + ": usage " + usageId + " also " + (eligible.get(usageId) ? "billed to card" : "taken from credit"));
            }
        }
        for (String usageId : union(paid.keySet(), billedToCard.keySet())) {
            if (!expectedAmount.containsKey(usageId)) {
                verdict.violation("I2", id + ": the ledger applied usage " + usageId + " that was never accepted");
            }
        }
        // T2 per usage: each took from exactly the tokens the reference says, in the ledger's order of application
        for (Map.Entry<String, Map<UUID, BigDecimal>> entry : debitsByUsage.entrySet()) {
            Map<UUID, BigDecimal> expected = reference.debitsOf(entry.getKey());
            if (expectedAmount.containsKey(entry.getKey()) && !sameAmounts(entry.getValue(), expected)) {
                verdict.violation("I4", id + ": usage " + entry.getKey() + " took " + entry.getValue() + ", the reference " + expected);
            }
        }
        checkCorrections(sub, inputs, reference, verdict);

        // ---- I3: every balance and token equals the reference; I4: conservation per token ----------------------
        JsonNode balance = inputs.balances.get(id);
        Map<UUID, JsonNode> apiTokens = new HashMap<>();
        if (balance == null) {
            verdict.violation("I3", id + ": no final balance from the ledger");
        } else {
            compare(verdict, id + ": balance remaining", decimal(balance.path("remaining")), expectedTotal);
            compare(verdict, id + ": balance overage", decimal(balance.path("overage")), expectedOverage);
            if (!expectedStatus.equals(balance.path("status").asText())) {
                verdict.violation("I3", id + ": status " + balance.path("status").asText() + ", reference " + expectedStatus);
            }
            for (JsonNode token : balance.path("tokens")) {
                apiTokens.put(UUID.fromString(token.path("tokenId").asText()), token);
            }
            if (!apiTokens.keySet().equals(expectedRemaining.keySet())) {
                verdict.violation("I3", id + ": the ledger shows tokens " + apiTokens.keySet() + ", credited were " + expectedRemaining.keySet());
            }
        }
        compare(verdict, id + ": overage from the ledger's stream", overage, expectedOverage);
        for (Token token : fifo) {
            UUID t = token.tokenId();
            BigDecimal expected = expectedRemaining.get(t);
            compare(verdict, id + ": token " + t + " remaining by the ledger's stream", running.get(t), expected);
            BigDecimal conserved = token.original().subtract(consumed.get(t)).subtract(lost.get(t))
                    .subtract(taken.get(t)).add(returned.get(t));
            if (conserved.signum() < 0) {
                verdict.violation("I4", id + ": token " + t + " credited " + token.original() + " but consumed " + consumed.get(t));
            }
            JsonNode apiToken = apiTokens.get(t);
            if (apiToken != null) {
                BigDecimal apiRemaining = decimal(apiToken.path("remaining"));
                compare(verdict, id + ": token " + t + " remaining in the balance", apiRemaining, expected);
                if (apiRemaining.compareTo(conserved) != 0) {
                    verdict.violation("I4", id + ": token " + t + ": credited " + token.original() + " - consumed " + consumed.get(t)
                            + " - expired/forfeited " + lost.get(t) + " - adjusted away " + taken.get(t) + " + voided back " + returned.get(t)
                            + " = " + conserved + ", but the ledger says " + apiRemaining + " remain");
                }
                compare(verdict, id + ": token " + t + " original", decimal(apiToken.path("original")), token.original());
                String status = expected.signum() == 0 ? "USED" : "ACTIVE";
                if (!status.equals(apiToken.path("status").asText())) {
                    verdict.violation("I3", id + ": token " + t + " status " + apiToken.path("status").asText() + ", reference " + status);
                }
            }
        }
        // the usage stopped before the clock phase: the balances were read before it, the stream ends after it
        boolean deprovisionDue = expectSuspended && inputs.clockAdvance.compareTo(DEPROVISION_AFTER) > 0;
        String expectedStreamStatus = deprovisionDue ? "DEPROVISIONED" : expectedStatus;
        if (lastBalance == null) {
            verdict.violation("I3", id + ": no BalanceChanged on ledger.events");
        } else {
            compare(verdict, id + ": last BalanceChanged remaining", lastBalance.amount("remaining"), expectedTotal);
            compare(verdict, id + ": last BalanceChanged overage", lastBalance.amount("overage"), expectedOverage);
            if (!expectedStreamStatus.equals(lastBalance.text("status"))) {
                verdict.violation("I3", id + ": last BalanceChanged status " + lastBalance.text("status") + ", reference " + expectedStreamStatus);
            }
        }

        // ---- C1: the time-driven facts of the clock phase, each exactly once ----------------------------------
        java.time.Instant suiteNow = inputs.clockMovedAt == null ? null : inputs.clockMovedAt.plus(inputs.clockAdvance);
        for (Token token : fifo) {
            BigDecimal rest = expectedRemaining.get(token.tokenId());
            boolean due = suiteNow != null && rest.signum() > 0 && !token.expiresAt().minus(EXPIRING_NOTICE).isAfter(suiteNow);
            List<Event> notices = expiring.getOrDefault(token.tokenId(), List.of());
            if (notices.size() != (due ? 1 : 0)) {
                verdict.violation("C1", id + ": TokenExpiring for token " + token.tokenId() + " (" + rest + " left, expires "
                        + token.expiresAt() + "): " + notices.size() + " distinct events, expected " + (due ? 1 : 0));
            } else if (due && notices.get(0).amount("remaining").compareTo(rest) != 0) {
                verdict.violation("C1", id + ": TokenExpiring for token " + token.tokenId() + " says " + notices.get(0).amount("remaining")
                        + " left, the reference " + rest);
            }
            if (suiteNow != null && !token.expiresAt().isAfter(suiteNow)) {
                verdict.violation("C1", id + ": the clock phase moved past the expiry of token " + token.tokenId()
                        + "; the reference does not model forfeits (T8)");
            }
        }
        if (deprovisioned.size() != (deprovisionDue ? 1 : 0)) {
            verdict.violation("C1", id + ": " + deprovisioned.size() + " distinct SubscriptionDeprovisioned events, expected "
                    + (deprovisionDue ? 1 : 0));
        }

        // ---- I5: one alert event per crossing ---------------------------------------------------------------
        for (Token token : fifo) {
            expectCount(verdict, id + ": TokenBalanceLow for token " + token.tokenId(), tokenLow.getOrDefault(token.tokenId(), List.of()),
                    reference.lowAlerted(token.tokenId()) ? 1 : 0);
        }
        for (Alert alert : plan.alerts()) {
            List<Event> events = creditLow.getOrDefault(alert.number(), List.of());
            expectCount(verdict, id + ": SubscriptionCreditLow for alert " + alert.number() + " at " + alert.threshold(), events,
                    reference.crossings(alert.number()));
        }
        expectCount(verdict, id + ": SubscriptionSuspended", suspended, reference.suspensions());
        expectCount(verdict, id + ": SubscriptionReactivated", reactivated, reference.reactivations());

        // ---- I5: one email per alert event and recipient ---------------------------------------------------
        // S3: a NotificationSent published after the deprovisioning names its recipient by the pseudonym
        Map<String, String> byPseudonym = new HashMap<>();
        for (Event alert : alertEvents) {
            List<String> addresses = new ArrayList<>(List.of(plan.accountEmail()));
            alert.payload().path("recipients").forEach(r -> addresses.add(r.asText()));
            for (String address : addresses) {
                byPseudonym.put(normal(Pseudonyms.email(plan.subscriptionId(), address)), normal(address));
            }
        }
        Map<String, Integer> sent = new HashMap<>();
        for (Event notification : sub.notifications) {
            for (JsonNode recipient : notification.payload().path("recipients")) {
                String address = byPseudonym.getOrDefault(normal(recipient.asText()), normal(recipient.asText()));
                sent.merge(notification.causationId() + "|" + address, 1, Integer::sum);
            }
        }
        Map<String, Integer> mails = new HashMap<>();
        for (MailCapture.Mail mail : inputs.mails) {
            for (String recipient : mail.recipients()) {
                mails.merge(mail.eventId() + "|" + normal(recipient), 1, Integer::sum);
            }
        }
        Set<String> expectedHere = new HashSet<>();
        for (Event alert : alertEvents) {
            List<String> recipients = new ArrayList<>();
            if (alert.type().equals("SubscriptionCreditLow")) {
                alert.payload().path("recipients").forEach(r -> recipients.add(r.asText()));
            } else {
                recipients.add(plan.accountEmail());
            }
            for (String recipient : recipients) {
                String pair = alert.eventId() + "|" + normal(recipient);
                expectedHere.add(pair);
                int ns = sent.getOrDefault(pair, 0);
                int received = mails.getOrDefault(pair, 0);
                // S3: once the subscription is deprovisioned the delivery log names its recipient by the pseudonym
                boolean uncertain = inputs.uncertain.contains(pair)
                        || inputs.uncertain.contains(alert.eventId() + "|" + normal(Pseudonyms.email(plan.subscriptionId(), recipient)));
                String what = id + ": " + alert.type() + " " + alert.eventId() + " to " + recipient;
                if (received > 1) {
                    verdict.violation("I5", what + ": " + received + " emails");
                }
                if (ns > 1) {
                    verdict.violation("I5", what + ": " + ns + " NotificationSent events");
                }
                if (received == 0 && !uncertain) {
                    verdict.violation("I5", what + ": no email");
                }
                if (ns == 0 && !uncertain) {
                    verdict.violation("I5", what + ": no NotificationSent");
                }
                if (uncertain) {
                    verdict.notes.add(what + ": delivery UNCERTAIN (A4 at most once), " + received + " email(s)");
                }
            }
        }
        for (String pair : sent.keySet()) {
            if (!expectedHere.contains(pair)) {
                verdict.violation("I5", id + ": NotificationSent for no alert event of this subscription: " + pair);
            }
        }
        expectedMail.addAll(expectedHere);
    }

    /**
     * Feeds the reference the usage, adjustments and voids of one subscription in the order the ledger's stream shows
     * (the first event of each); amounts come from what the workload sent and asked, never from the ledger's events.
     * All credit of this workload comes before any usage (set-up), except the adjustments.
     */
    private static ReferenceLedger referenceOf(Subscription sub, Plan plan, Inputs inputs, Map<String, BigDecimal> expectedAmount,
                                               Map<String, Boolean> eligible, Verdict verdict) {
        List<Token> credits = sub.tokens.values().stream().filter(t -> !isAdjustment(t)).toList();
        ReferenceLedger reference = new ReferenceLedger(credits, plan.alerts());
        Set<String> usageSeen = new HashSet<>();
        Set<String> adjustmentsSeen = new HashSet<>();
        Set<String> voidsSeen = new HashSet<>();
        for (Event e : sub.ledger) {
            switch (e.type()) {
                case "CreditConsumed", "OverageRecorded" -> {
                    String usageId = e.text("usageId");
                    if (Boolean.TRUE.equals(eligible.get(usageId)) && usageSeen.add(usageId)) {
                        reference.usage(usageId, expectedAmount.get(usageId));
                    }
                }
                case "CreditAdjusted" -> {
                    String key = e.text("reference");
                    if (!adjustmentsSeen.add(key)) {
                        continue;
                    }
                    Correction asked = inputs.adjustments.get(key);
                    Token opened = sub.tokens.get(e.uuid("tokenId"));
                    if (asked == null || !asked.subscriptionId().equals(sub.id)) {
                        verdict.violation("I2", sub.id + ": adjustment " + key + " applied, nobody asked for it here: " + e.payload());
                    } else if (asked.amount().signum() > 0 && (opened == null || !isAdjustment(opened))) {
                        verdict.violation("I3", sub.id + ": adjustment " + key + " of " + asked.amount() + " applied as " + e.payload());
                    } else {
                        reference.adjust(key, asked.amount(), opened);
                    }
                }
                case "UsageVoided" -> {
                    String usageId = e.text("usageId");
                    if (!voidsSeen.add(usageId)) {
                        continue;
                    }
                    Correction asked = inputs.voids.get(usageId);
                    if (asked == null || !asked.subscriptionId().equals(sub.id)) {
                        verdict.violation("I2", sub.id + ": usage " + usageId + " voided, nobody asked for it: " + e.payload());
                    } else {
                        reference.voidUsage(usageId);
                    }
                }
                default -> {
                    // the rest follows from these operations
                }
            }
        }
        return reference;
    }

    /**
     * F4: every correction answered 201 is on the ledger's stream once, exactly as the reference applies it (a void
     * gives back precisely what its usage took, token by token); a refused one left no trace and was refused rightly.
     */
    private static void checkCorrections(Subscription sub, Inputs inputs, ReferenceLedger reference, Verdict verdict) {
        for (Correction asked : inputs.adjustments.values()) {
            if (asked.subscriptionId().equals(sub.id)) {
                List<Event> events = sub.adjustments.getOrDefault(asked.key(), List.of());
                Map<UUID, BigDecimal> actual = new HashMap<>();
                events.forEach(e -> actual.merge(e.uuid("tokenId"), e.amount("amount"), BigDecimal::add));
                checkCorrection(sub.id + ": adjustment " + asked.key() + " of " + asked.amount(), asked, events, actual,
                        reference.adjustmentOf(asked.key()), verdict);
            }
        }
        for (Correction asked : inputs.voids.values()) {
            if (!asked.subscriptionId().equals(sub.id)) {
                continue;
            }
            List<Event> events = sub.voids.getOrDefault(asked.key(), List.of());
            Map<UUID, BigDecimal> actual = new HashMap<>();
            for (Event e : events) {
                String disposition = e.text("disposition");
                if (disposition.equals("FORFEITED")) {
                    // no token expires before the clock phase, and the voids stop with the usage
                    verdict.violation("I3", sub.id + ": void of " + asked.key() + " forfeited " + e.payload() + " of a token still active");
                }
                actual.merge(disposition.equals("OVERAGE_CANCELLED") ? null : e.uuid("tokenId"), e.amount("amount"), BigDecimal::add);
            }
            String what = sub.id + ": void of usage " + asked.key();
            checkCorrection(what, asked, events, actual, reference.voidOf(asked.key()), verdict);
            if (asked.outcome().equals("F4-nothing-to-give-back") && !reference.debitsOf(asked.key()).isEmpty()) {
                verdict.violation("F4", what + " refused as giving nothing back, but it took " + reference.debitsOf(asked.key()));
            }
        }
    }

    private static void checkCorrection(String what, Correction asked, List<Event> events, Map<UUID, BigDecimal> actual,
                                        Map<UUID, BigDecimal> expected, Verdict verdict) {
        boolean applied = asked.outcome().equals(Correction.APPLIED);
        if (applied && events.isEmpty()) {
            verdict.violation("I1", what + " answered 201 but never on ledger.events");
        } else if (!applied && !events.isEmpty()) {
            verdict.violation("I2", what + " answered " + asked.outcome() + " but applied: " + events.stream().map(Event::payload).toList());
        } else if (!applied) {
            verdict.notes.add(what + ": " + asked.outcome());
        } else if (expected != null && !sameAmounts(actual, expected)) {
            verdict.violation(events.size() > Math.max(1, expected.size()) ? "I2" : "I3", what + ": the ledger's events " + actual
                    + " (" + events.size() + "), the reference " + expected);
        }
    }

    /** Whether two per-token amounts agree (null key: overage), ignoring the scale of the decimals. */
    private static boolean sameAmounts(Map<UUID, BigDecimal> actual, Map<UUID, BigDecimal> expected) {
        if (!actual.keySet().equals(expected.keySet())) {
            return false;
        }
        return actual.entrySet().stream().allMatch(a -> a.getValue().compareTo(expected.get(a.getKey())) == 0);
    }

    /** The first token before {@code token} in FIFO order that still holds credit, or null (T2 kept). */
    private static UUID earlierHolder(List<Token> fifo, Map<UUID, BigDecimal> running, UUID token) {
        for (Token earlier : fifo) {
            if (earlier.tokenId().equals(token)) {
                return null;
            }
            if (running.get(earlier.tokenId()).signum() > 0) {
                return earlier.tokenId();
            }
        }
        return null;
    }

    private static boolean isAdjustment(Token token) {
        return "ADJUSTMENT".equals(token.source());
    }

    /**
     * S5 under faults: every confirmed payment is exactly one CreditAdded (card) of its amount on its
     * subscription, however often its webhook was delivered or whichever gateway died answering it;
     * and no card credit exists without a confirmed payment.
     */
    private static void checkPayments(Folded folded, Inputs inputs, Verdict verdict) {
        for (Payment payment : inputs.payments.values()) {
            List<Event> credits = folded.payments.getOrDefault(payment.reference(), List.of());
            if (credits.isEmpty()) {
                verdict.violation("I3", "confirmed payment " + payment.reference() + " (" + payment.amount() + ") never credited");
                continue;
            }
            if (credits.size() > 1) {
                verdict.violation("I2", "payment " + payment.reference() + " credited by " + credits.size() + " distinct events "
                        + credits.stream().map(Event::eventId).toList());
            }
            Event credit = credits.get(0);
            if (!payment.subscriptionId().equals(credit.subscriptionId()) || credit.amount("amount").compareTo(payment.amount()) != 0
                    || !"CREDIT_CARD".equals(credit.text("source"))) {
                verdict.violation("I3", "payment " + payment.reference() + " of " + payment.amount() + " to " + payment.subscriptionId()
                        + " credited as " + credit.payload() + " to " + credit.subscriptionId());
            }
        }
        for (String reference : folded.payments.keySet()) {
            if (!inputs.payments.containsKey(reference)) {
                verdict.violation("I2", "card credit for payment " + reference + ", which was never confirmed");
            }
        }
    }

    private static void expectCount(Verdict verdict, String what, List<Event> events, int expected) {
        if (events.size() != expected) {
            verdict.violation("I5", what + ": " + events.size() + " distinct events " + events.stream().map(Event::eventId).toList()
                    + ", expected " + expected);
        }
    }

    private static void compare(Verdict verdict, String what, BigDecimal actual, BigDecimal expected) {
        if (actual == null || actual.compareTo(expected) != 0) {
            verdict.violation("I3", what + " is " + actual + ", reference " + expected);
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : new BigDecimal(node.asText());
    }

    private static String normal(String email) {
        String trimmed = email.trim();
        int open = trimmed.indexOf('<');
        if (open >= 0 && trimmed.endsWith(">")) {
            trimmed = trimmed.substring(open + 1, trimmed.length() - 1);
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
