package io.opencredit.system.faults;

import io.opencredit.system.faults.InvariantChecker.Alert;
import io.opencredit.system.faults.ReferenceFold.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The reference ledger of one subscription, written from SPEC.md alone: its tokens, overage, status and alerts after
 * each operation, and what each operation should have emitted. Usage (T2, T7, S1), operator adjustments and usage
 * voids (F4) do not commute (a void gives back exactly what its usage took, an adjustment token joins the FIFO
 * order), so the checker feeds the operations in the order the ledger's own stream shows it applied them; every
 * amount is computed here, never taken from the ledger.
 *
 * <p>A3 re-arms whenever credit rises above a threshold (a credit added or given back), also when that credit then
 * pays owed overage (T7) at once: the balance did rise above it.
 */
final class ReferenceLedger {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private final Map<UUID, Token> tokens = new LinkedHashMap<>();
    private final Map<UUID, BigDecimal> remaining = new HashMap<>();
    private final Set<UUID> lowAlerted = new HashSet<>();
    private final List<Alert> alerts;
    private final Map<Integer, Boolean> armed = new HashMap<>();
    private final Map<Integer, Integer> crossings = new HashMap<>();
    /** What each usage took: per token, and the overage it left. */
    private final Map<String, Map<UUID, BigDecimal>> debits = new HashMap<>();
    private final Map<String, BigDecimal> usageOverage = new HashMap<>();
    /** What each adjustment did per token (signed), and what each void gave back per token (null: overage cancelled). */
    private final Map<String, Map<UUID, BigDecimal>> adjusted = new HashMap<>();
    private final Map<String, Map<UUID, BigDecimal>> voided = new HashMap<>();
    private BigDecimal overage = BigDecimal.ZERO;
    private boolean suspended;
    private int suspensions;
    private int reactivations;

    /** Starts from the credits added before any usage (the workload's set-up) and the alerts armed then. */
    ReferenceLedger(List<Token> credits, List<Alert> alerts) {
        credits.forEach(this::open);
        this.alerts = List.copyOf(alerts);
        for (Alert alert : alerts) {
            armed.put(alert.number(), total().compareTo(alert.threshold()) > 0);
            crossings.put(alert.number(), 0);
        }
    }

    private void open(Token token) {
        tokens.put(token.tokenId(), token);
        remaining.put(token.tokenId(), token.original());
    }

    /** Eligible usage of {@code amount} (T2: FIFO; T7: overage beyond the tokens; S1: suspended at zero). */
    void usage(String usageId, BigDecimal amount) {
        if (amount.signum() == 0) {
            return;
        }
        BigDecimal before = total();
        Map<UUID, BigDecimal> taken = takeFifo(amount);
        debits.put(usageId, taken);
        BigDecimal rest = amount.subtract(sum(taken));
        alertCheck();
        usageOverage.put(usageId, rest);
        overage = overage.add(rest);
        suspensionCheck(before);
    }

    /** F4 adjustment: a positive amount is the new token {@code opened}; a negative one is taken FIFO. */
    void adjust(String reference, BigDecimal amount, Token opened) {
        if (amount.signum() > 0) {
            open(opened);
            adjusted.put(reference, Map.of(opened.tokenId(), amount));
            creditRose();
            return;
        }
        BigDecimal before = total();
        Map<UUID, BigDecimal> taken = takeFifo(amount.negate());
        Map<UUID, BigDecimal> signed = new LinkedHashMap<>();
        taken.forEach((token, debit) -> signed.put(token, debit.negate()));
        adjusted.put(reference, signed);
        alertCheck();
        suspensionCheck(before);
    }

    /** F4 void: every debit of the usage back to its token; the overage it left cancelled as far as still owed. */
    void voidUsage(String usageId) {
        Map<UUID, BigDecimal> given = new LinkedHashMap<>();
        debits.getOrDefault(usageId, Map.of()).forEach((token, amount) -> {
            remaining.merge(token, amount, BigDecimal::add);
            given.put(token, amount);
        });
        BigDecimal cancel = usageOverage.getOrDefault(usageId, BigDecimal.ZERO).min(overage);
        if (cancel.signum() > 0) {
            overage = overage.subtract(cancel);
            given.put(null, cancel);
        }
        voided.put(usageId, given);
        creditRose();
    }

    /** Credit was added or given back: alerts above their threshold re-arm, then the credit pays owed overage (T7, S2). */
    private void creditRose() {
        rearm();
        if (overage.signum() > 0) {
            BigDecimal settled = sum(takeFifo(overage));
            overage = overage.subtract(settled);
        }
        if (suspended && overage.signum() == 0 && total().signum() > 0) {
            suspended = false;
            reactivations++;
        }
    }

    /** Takes up to {@code amount} from the tokens in FIFO order (T2); A1 fires once per token at 30 %. */
    private Map<UUID, BigDecimal> takeFifo(BigDecimal amount) {
        Map<UUID, BigDecimal> taken = new LinkedHashMap<>();
        BigDecimal due = amount;
        for (Token token : tokens.values().stream().sorted(ReferenceFold.FIFO).toList()) {
            BigDecimal left = remaining.get(token.tokenId());
            if (due.signum() == 0) {
                break;
            }
            if (left.signum() == 0) {
                continue;
            }
            BigDecimal debit = left.min(due);
            remaining.put(token.tokenId(), left.subtract(debit));
            taken.put(token.tokenId(), debit);
            due = due.subtract(debit);
            if (left.subtract(debit).multiply(HUNDRED).compareTo(token.original().multiply(InvariantChecker.TOKEN_LOW_PERCENT)) <= 0) {
                lowAlerted.add(token.tokenId());
            }
        }
        return taken;
    }

    private void alertCheck() {
        for (Alert alert : alerts) {
            if (armed.get(alert.number()) && total().compareTo(alert.threshold()) <= 0) {
                armed.put(alert.number(), false);
                crossings.merge(alert.number(), 1, Integer::sum);
            }
        }
    }

    private void rearm() {
        for (Alert alert : alerts) {
            if (total().compareTo(alert.threshold()) > 0) {
                armed.put(alert.number(), true);
            }
        }
    }

    private void suspensionCheck(BigDecimal before) {
        if (!suspended && total().signum() == 0 && (before.signum() > 0 || overage.signum() > 0)) {
            suspended = true;
            suspensions++;
        }
    }

    private static BigDecimal sum(Map<UUID, BigDecimal> amounts) {
        return amounts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    // ---- what the checker compares -------------------------------------------------------------------------

    BigDecimal total() {
        return remaining.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal overage() {
        return overage;
    }

    boolean suspended() {
        return suspended;
    }

    int suspensions() {
        return suspensions;
    }

    int reactivations() {
        return reactivations;
    }

    /** Every token opened so far with its remaining credit, in FIFO order. */
    Map<UUID, BigDecimal> remaining() {
        Map<UUID, BigDecimal> ordered = new LinkedHashMap<>();
        tokens.values().stream().sorted(ReferenceFold.FIFO).forEach(t -> ordered.put(t.tokenId(), remaining.get(t.tokenId())));
        return ordered;
    }

    List<Token> tokens() {
        return new ArrayList<>(tokens.values());
    }

    boolean lowAlerted(UUID token) {
        return lowAlerted.contains(token);
    }

    int crossings(int alertNumber) {
        return crossings.getOrDefault(alertNumber, 0);
    }

    /** What the usage took per token (empty if it took nothing from credit, or never came). */
    Map<UUID, BigDecimal> debitsOf(String usageId) {
        return debits.getOrDefault(usageId, Map.of());
    }

    /** Per token what the adjustment added (positive) or took (negative); null if it was never applied here. */
    Map<UUID, BigDecimal> adjustmentOf(String reference) {
        return adjusted.get(reference);
    }

    /** Per token what the void gave back (key null: the overage it cancelled); null if never applied here. */
    Map<UUID, BigDecimal> voidOf(String usageId) {
        return voided.get(usageId);
    }
}
