package io.opencredit.portal.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The burn-down chart's data, aggregated on the server so that a subscription with thousands of entries sends the
 * browser a few hundred points: the balance over time (steps up at top-ups, down with usage and at expiry), and a
 * straight projection from the recent burn rate to the day the credit runs out.
 *
 * @param history    the balance after each change, oldest first, thinned to at most the points asked for
 * @param markers    top-ups and expiries, for the chart's legend and the table beside it
 * @param dailyBurn  credit consumed per day over the recent window (zero when none)
 * @param runOut     when the credit would run out at that rate; null when nothing burns or nothing is left
 */
public record BurnDown(List<Point> history, List<Marker> markers, BigDecimal dailyBurn, BigDecimal remaining,
                       Instant now, Instant runOut) {

    /** A balance at an instant (epoch seconds: what the chart's x axis takes). */
    public record Point(long at, BigDecimal balance) {
    }

    /** A top-up ({@code TOP_UP}) or an expiry ({@code EXPIRY}) and its amount. */
    public record Marker(long at, String kind, BigDecimal amount) {
        public Instant instant() {
            return Instant.ofEpochSecond(at);
        }
    }

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    /**
     * @param remaining the balance now, as the ledger reports it (the history ends there)
     * @param window    how far back the burn rate looks
     * @param maxPoints at most this many history points (the last in each time bucket is kept)
     */
    public static BurnDown of(Statement statement, BigDecimal remaining, Instant now, Duration window, int maxPoints) {
        List<Point> history = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        BigDecimal balance = BigDecimal.ZERO;
        BigDecimal burnt = BigDecimal.ZERO;
        Instant windowStart = now.minus(window);
        for (Statement.Entry e : statement.entries()) {
            if (e.change() == null || e.occurredAt() == null) {
                continue;
            }
            balance = balance.add(e.change());
            history.add(new Point(e.occurredAt().getEpochSecond(), balance));
            switch (e.type()) {
                case "CreditAdded" -> markers.add(new Marker(e.occurredAt().getEpochSecond(), "TOP_UP", e.amount()));
                case "TokenExpired", "CreditForfeited" -> markers.add(new Marker(e.occurredAt().getEpochSecond(), "EXPIRY", e.amount()));
                case "CreditConsumed" -> {
                    if (e.occurredAt().isAfter(windowStart) && !e.occurredAt().isAfter(now)) {
                        burnt = burnt.add(e.amount());
                    }
                }
                default -> {
                }
            }
        }
        BigDecimal now0 = remaining != null ? remaining : balance;
        history.add(new Point(now.getEpochSecond(), now0));
        BigDecimal days = BigDecimal.valueOf(window.toSeconds()).divide(SECONDS_PER_DAY, MathContext.DECIMAL64);
        BigDecimal daily = burnt.signum() == 0 ? BigDecimal.ZERO : burnt.divide(days, 6, RoundingMode.HALF_EVEN);
        Instant runOut = null;
        if (daily.signum() > 0 && now0.signum() > 0) {
            long seconds = now0.multiply(SECONDS_PER_DAY).divide(daily, 0, RoundingMode.HALF_EVEN).longValueExact();
            runOut = now.plusSeconds(seconds);
        }
        return new BurnDown(thin(history, maxPoints), markers, daily, now0, now, runOut);
    }

    /** At most {@code max} points: the time axis cut into buckets, the last point of each kept, the first and last always. */
    static List<Point> thin(List<Point> points, int max) {
        if (points.size() <= max || max < 3) {
            return points;
        }
        long first = points.get(0).at();
        long span = Math.max(1, points.get(points.size() - 1).at() - first);
        List<Point> out = new ArrayList<>(max);
        out.add(points.get(0));
        long bucket = -1;
        for (int i = 1; i < points.size() - 1; i++) {
            long b = (points.get(i).at() - first) * (max - 2) / span;
            Point next = points.get(i + 1);
            long nextBucket = (next.at() - first) * (max - 2) / span;
            if (b != nextBucket || i == points.size() - 2) {
                if (b != bucket) {
                    out.add(points.get(i));
                    bucket = b;
                }
            }
        }
        out.add(points.get(points.size() - 1));
        return out;
    }

    /** The projection line: from now's balance down to zero at the run-out instant; empty without a run-out. */
    public List<Point> projection() {
        if (runOut == null) {
            return List.of();
        }
        return List.of(new Point(now.getEpochSecond(), remaining), new Point(runOut.getEpochSecond(), BigDecimal.ZERO));
    }
}
