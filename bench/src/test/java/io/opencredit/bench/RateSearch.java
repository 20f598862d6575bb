package io.opencredit.bench;

/**
 * The sustainable-rate search's choice of the next rate to offer: doubling from the start until a step fails (or the
 * cap is reached), halving until one passes when the first fails, then bisecting between the highest rate that
 * passed and the lowest that failed until they are within 10% of each other. The steps themselves are the caller's.
 */
final class RateSearch {

    private final double max;
    private double next;
    private double passed;
    private double failed = Double.POSITIVE_INFINITY;
    private boolean capped;

    RateSearch(double start, double max) {
        this.max = max;
        this.next = Math.min(max, Math.max(10, start));
    }

    /** The rate to offer next; NaN when the search is done. */
    double next() {
        return next;
    }

    /** The outcome of the step at {@code offered} records/s (the rate the step really offered). */
    void record(double offered, boolean ok) {
        if (ok) {
            passed = Math.max(passed, offered);
        } else {
            failed = Math.min(failed, offered);
        }
        if (failed == Double.POSITIVE_INFINITY) {
            capped = next >= max;
            next = capped ? Double.NaN : Math.min(max, next * 2);
        } else if (passed == 0) {
            next = next / 2;
        } else if (failed - passed <= 0.1 * passed) {
            next = Double.NaN;
        } else {
            next = (passed + failed) / 2;
        }
    }

    /** The highest rate that passed; 0 if none did. */
    double passed() {
        return passed;
    }

    /** The lowest rate that failed; infinite if none did. */
    double failed() {
        return failed;
    }

    /** True if the search stopped at the cap with every step passed. */
    boolean capped() {
        return capped;
    }
}
