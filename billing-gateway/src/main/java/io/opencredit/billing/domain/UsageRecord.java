package io.opencredit.billing.domain;

/**
 * One record of a usage batch as read (SPEC T3, §5): its content if it is well-formed, otherwise
 * the problem that makes it unreadable and its id if it has a textual one (for the per-record answer).
 */
public record UsageRecord(UsageInput usage, String id, InvalidInput problem) {

    public static UsageRecord wellFormed(UsageInput usage) {
        return new UsageRecord(usage, usage.id(), null);
    }

    public static UsageRecord malformed(String id, InvalidInput problem) {
        return new UsageRecord(null, id, problem);
    }
}
