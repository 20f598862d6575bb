package io.opencredit.billing.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.UsageRejected;
import io.opencredit.runtime.api.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SPEC R3, the pure decisions: which refusals of an intake batch are held instead (unknown subscription, while
 * there is room), what a record refused after being held says, and when the horizon has passed. No I/O, so the
 * rules are unit-tested alone ({@code ParkingRulesTest}); {@code messaging.UsageParking} does the storing.
 */
public final class ParkingRules {

    /** The problem type the intake gives a record whose subscription it does not know (404 {@code not-found}). */
    static final String NOT_FOUND = "not-found";

    private ParkingRules() {
    }

    /**
     * An intake batch's outcome after parking: the records to hold and those refused as {@code park-full} (batch
     * positions, in order), and the result with the held ones taken out of the refusals.
     */
    public record Split(List<Integer> park, List<Integer> full, IntakeResult result) {
    }

    /** Whether the intake refused this record only because it does not know its subscription (yet). */
    public static boolean unknownSubscription(IntakeResult.Rejection rejection) {
        return rejection.problem().status() == 404 && Problem.type(NOT_FOUND).equals(rejection.problem().type());
    }

    /**
     * Splits a batch's outcome: each record refused for an unknown subscription is held while fewer than
     * {@code max} are held ({@code held} now), else refused as {@code park-full}; other refusals stay as they are.
     */
    public static Split split(IntakeResult result, long held, long max) {
        List<Integer> park = new ArrayList<>();
        List<Integer> full = new ArrayList<>();
        List<IntakeResult.Rejection> rejected = new ArrayList<>(result.rejected().size());
        long room = Math.max(0, max - held);
        for (IntakeResult.Rejection rejection : result.rejected()) {
            if (!unknownSubscription(rejection)) {
                rejected.add(rejection);
            } else if (park.size() < room) {
                park.add(rejection.index());
            } else {
                full.add(rejection.index());
                rejected.add(new IntakeResult.Rejection(rejection.index(), rejection.id(), parkFull(max)));
            }
        }
        return new Split(park, full, new IntakeResult(result.accepted(), result.duplicates(), rejected));
    }

    /** The refusal of a record that would have been held while {@code max} records are held already. */
    static Problem parkFull(long max) {
        return new Problem(Problem.type(UsageRejected.PARK_FULL), "Service unavailable", 503,
                "the subscription is unknown and the gateway already holds its maximum of " + max
                        + " usage records for unknown subscriptions", null);
    }

    /** Records parked before this instant have waited longer than the horizon (suite clock, C2). */
    public static Instant cutoff(Instant now, Duration horizon) {
        return now.minus(horizon);
    }

    /** The event for a held record refused for {@code reason}: what the record says, as written (it is not rated). */
    public static UsageRejected rejected(String usageId, JsonNode record, String reason, String detail,
                                         Instant parkedAt, Instant rejectedAt) {
        return new UsageRejected(usageId, text(record, "meterId"), text(record, "quantity"), reason, detail,
                parkedAt, rejectedAt);
    }

    /** Why a record waited in vain, for the event and the dead letter's reason header. */
    public static String unknownAfterHorizon(Object subscriptionId, Duration horizon, Instant parkedAt) {
        return "no subscription " + subscriptionId + " became known within " + horizon + " (held since " + parkedAt + ")";
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record == null ? null : record.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }
}
