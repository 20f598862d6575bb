package io.opencredit.portal.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The burn-down chart's data, aggregated on the server so that a subscription with thousands of entries sends the
 * browser a few hundred points: the balance over time (steps up at top-ups, down with usage and at expiry, up or down
 * with an operator's corrections), and a straight projection from the recent burn rate to the day the credit runs out.
 *
 * @param history    the balance after each change, oldest first, thinned to at most the points asked for
 * @param markers    top-ups, expiries and corrections, for the chart's legend and the table beside it
 * @param dailyBurn  credit consumed per day over the recent window (zero when none)
 * @param runOut     when the credit would run out at that rate; null when nothing burns or nothing is left
 */
public record BurnDown(List<Point> history, List<Marker> markers, BigDecimal dailyBurn, BigDecimal remaining,
                       Instant now, Instant runOut, List<Point> projection) {

    /** A token's credit left now and when it expires: what the projection drops at that instant if still unused. */
    public record TokenLeft(BigDecimal remaining, Instant expiresAt) {
    }

    /** A balance at an instant (epoch seconds: what the chart's x axis takes). */
    public record Point(long at, BigDecimal balance) {
    }

    /**
     * A top-up ({@code TOP_UP}), an expiry ({@code EXPIRY}), an operator's adjustment ({@code ADJUSTMENT}, signed) or
     * the credit a voided usage gave back ({@code VOID}), and its amount.
     */
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
        return of(statement, remaining, List.of(), now, window, maxPoints);
    }

    /**
     * @param tokens the active tokens: the projection drains them oldest expiry first (FIFO, SPEC T2) at the burn
     *               rate and drops what one still holds when it expires
     */
    public static BurnDown of(Statement statement, BigDecimal remaining, List<TokenLeft> tokens, Instant now, Duration window,
                              int maxPoints) {
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
                // an operator's correction (F4): the adjustment with its sign, the credit a void gave back
                case Statement.CREDIT_ADJUSTED -> markers.add(new Marker(e.occurredAt().getEpochSecond(), "ADJUSTMENT", e.amount()));
                case Statement.USAGE_VOIDED -> {
                    if (e.change().signum() != 0) {
                        markers.add(new Marker(e.occurredAt().getEpochSecond(), "VOID", e.change()));
                    }
                }
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
        List<Point> projection = project(now0, daily, tokens, now);
        Point end = projection.isEmpty() ? null : projection.get(projection.size() - 1);
        Instant runOut = end == null || end.balance().signum() > 0 ? null : Instant.ofEpochSecond(end.at());
        return new BurnDown(thin(history, maxPoints), markers, daily, now0, now, runOut, projection);
    }

    /**
     * The balance from now on: straight down at the daily burn, FIFO over the tokens by expiry, with a drop at each
     * expiry that comes before its token is used up; ends where the balance reaches zero. Without tokens the line
     * runs straight to zero at the burn rate; with neither burn nor expiries there is no run-out (empty).
     */
    static List<Point> project(BigDecimal remaining, BigDecimal daily, List<TokenLeft> tokens, Instant now) {
        if (remaining.signum() <= 0) {
            return List.of();
        }
        BigDecimal perSecond = daily.divide(SECONDS_PER_DAY, MathContext.DECIMAL64);
        List<TokenLeft> queue = tokens.stream().filter(t -> t.remaining() != null && t.remaining().signum() > 0
                && t.expiresAt() != null && t.expiresAt().isAfter(now)).sorted(Comparator.comparing(TokenLeft::expiresAt)).toList();
        List<Point> points = new ArrayList<>();
        points.add(new Point(now.getEpochSecond(), remaining));
        BigDecimal balance = remaining;
        long t = now.getEpochSecond();
        for (TokenLeft token : queue) {
            long expiry = token.expiresAt().getEpochSecond();
            BigDecimal left = token.remaining().min(balance);
            if (perSecond.signum() > 0) {
                long drained = t + left.divide(perSecond, 0, RoundingMode.HALF_UP).longValueExact();
                if (drained <= expiry) {
                    balance = balance.subtract(left);
                    t = drained;
                    continue;
                }
            }
            BigDecimal used = perSecond.multiply(BigDecimal.valueOf(expiry - t)).setScale(6, RoundingMode.HALF_EVEN).min(left);
            balance = balance.subtract(used);
            points.add(new Point(expiry, balance));
            balance = balance.subtract(left.subtract(used));
            points.add(new Point(expiry + 1, balance)); // a second later: the chart's x values must rise
            t = expiry + 1;
            if (balance.signum() <= 0) {
                return points;
            }
        }
        if (balance.signum() > 0) {
            if (perSecond.signum() <= 0) {
                return points.size() > 1 ? points : List.of();
            }
            t += balance.divide(perSecond, 0, RoundingMode.HALF_UP).longValueExact();
            points.add(new Point(t, BigDecimal.ZERO));
        } else if (points.get(points.size() - 1).at() != t) {
            points.add(new Point(t, BigDecimal.ZERO));
        }
        return points;
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

}
