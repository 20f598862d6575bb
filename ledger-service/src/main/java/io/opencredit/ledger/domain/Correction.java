package io.opencredit.ledger.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * An operator's correction of a subscription (SPEC F4), asked of the ledger over HTTP, not read from a topic. It is
 * a command, not a stored payload: {@link SubscriptionLedger} decides it into facts ({@code CreditAdjusted},
 * {@code UsageVoided} and what they cause), which are stored and published like any other. Each has a {@link #key}
 * that makes it happen once per subscription, however often it is sent.
 */
public sealed interface Correction {

    /** What makes the correction happen once: the adjustment's reference or the voided usage id. */
    String key();

    /** The id every fact of this correction is caused by: the same for a repeat, so its first result can be found again. */
    default UUID commandId(UUID subscriptionId) {
        return UUID.nameUUIDFromBytes((subscriptionId + "/" + key()).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds credit (a positive {@code amount}, a new token of source ADJUSTMENT) or takes it, first in, first out. */
    record Adjust(String reference, BigDecimal amount, String currency, String reason) implements Correction {
        @Override
        public String key() {
            return "adjustment:" + reference;
        }
    }

    /**
     * Gives a usage record's debits back to the tokens they came from and cancels the overage it left.
     * {@code usageFacts} are the stored facts of that usage (its {@code UsageRecorded}, {@code CreditConsumed} and
     * {@code OverageRecorded}), which the caller reads from the event store: the state keeps no usage history.
     */
    record VoidUsage(String usageId, String reason, List<LedgerFact> usageFacts) implements Correction {
        public VoidUsage {
            usageFacts = List.copyOf(usageFacts);
        }

        @Override
        public String key() {
            return "void:" + usageId;
        }
    }
}
