package io.opencredit.billing.domain;

import io.opencredit.runtime.api.Problem;
import java.util.List;

/**
 * The outcome of a usage batch: records newly accepted (and published), records that repeated an
 * accepted one (same id and content: published once, counted here), and the refused ones.
 */
public record IntakeResult(int accepted, int duplicates, List<Rejection> rejected) {

    /** A refused record: its position in the batch, its id if readable, and why (a problem). */
    public record Rejection(int index, String id, Problem problem) {
    }
}
