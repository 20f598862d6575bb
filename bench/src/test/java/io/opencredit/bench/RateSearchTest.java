package io.opencredit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/** The sustainable rate is found by doubling then bisection, not assumed; no suite is started here. */
class RateSearchTest {

    /** Runs the search against a suite that keeps up exactly when {@code keepsUp} says so; returns the rates tried. */
    private static List<Double> run(RateSearch search, DoublePredicate keepsUp, int steps) {
        List<Double> tried = new ArrayList<>();
        for (int step = 0; step < steps && !Double.isNaN(search.next()); step++) {
            double rate = search.next();
            tried.add(rate);
            search.record(rate, keepsUp.test(rate));
        }
        return tried;
    }

    @Test
    void the_search_doubles_until_a_step_fails_then_bisects_to_within_ten_percent() {
        RateSearch search = new RateSearch(4000, 100_000);
        List<Double> tried = run(search, rate -> rate <= 13_000, 20);
        assertEquals(List.of(4000.0, 8000.0, 16_000.0, 12_000.0, 14_000.0, 13_000.0), tried);
        assertEquals(13_000, search.passed());
        assertEquals(14_000, search.failed());
    }

    @Test
    void when_the_first_step_fails_the_search_halves_until_one_passes() {
        RateSearch search = new RateSearch(8000, 100_000);
        List<Double> tried = run(search, rate -> rate <= 2500, 3);
        assertEquals(List.of(8000.0, 4000.0, 2000.0), tried);
        assertEquals(2000, search.passed());
    }

    @Test
    void no_step_passing_leaves_the_rate_at_zero_and_the_cap_stops_a_suite_that_always_keeps_up() {
        RateSearch none = new RateSearch(1000, 100_000);
        run(none, rate -> false, 4);
        assertEquals(0, none.passed());
        assertEquals(125, none.failed());

        RateSearch capped = new RateSearch(30_000, 50_000);
        assertEquals(List.of(30_000.0, 50_000.0), run(capped, rate -> true, 10));
        assertTrue(capped.capped());
        assertEquals(50_000, capped.passed());
    }
}
