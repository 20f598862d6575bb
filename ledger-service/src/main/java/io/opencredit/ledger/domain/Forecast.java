package io.opencredit.ledger.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;

/**
 * F1: where the credit goes at the current burn rate. The tokens holding credit are used up in FIFO order (earliest
 * expiry first) at {@code burnPerDay}; a token whose expiry comes before it is used up leaves its rest unused, and
 * the next one starts then. The credit runs out when the last token is used up or expires. Pure arithmetic on exact
 * decimals, O(tokens); times are whole seconds.
 *
 * @param runsOutAt null when nothing burns (no eligible usage in the window) or nothing remains
 * @param unusedAtExpiry per token holding credit, what is forecast to be left on it when it expires
 */
public record Forecast(BigDecimal burnPerDay, Instant runsOutAt, Map<UUID, BigDecimal> unusedAtExpiry) {

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(Duration.ofDays(1).toSeconds());

    /** The burn rate: eligible usage of the {@code windowDays} UTC days up to and including {@code now}'s, per day. */
    public static BigDecimal burnPerDay(NavigableMap<Long, BigDecimal> usageByDay, Instant now, int windowDays) {
        long today = day(now);
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal amount : usageByDay.subMap(today - windowDays, false, today, true).values()) {
            total = total.add(amount);
        }
        return Amounts.scaled(total.divide(BigDecimal.valueOf(windowDays), Amounts.ZERO.scale(), RoundingMode.HALF_EVEN));
    }

    /** The forecast at {@code now} for the tokens (any order; those holding no credit are skipped). */
    public static Forecast of(Collection<TokenState> tokens, BigDecimal burnPerDay, Instant now) {
        Map<UUID, BigDecimal> unused = new LinkedHashMap<>();
        return new Forecast(burnPerDay, walk(tokens, burnPerDay, now, unused), unused);
    }

    /** Only {@link #runsOutAt} of {@link #of}, without the per-token map: what the fold checks after every change. */
    public static Instant runsOutAt(Collection<TokenState> tokens, BigDecimal burnPerDay, Instant now) {
        return walk(tokens, burnPerDay, now, null);
    }

    /** Walks the tokens holding credit in FIFO order; fills {@code unused} when given; returns when the credit runs out. */
    private static Instant walk(Collection<TokenState> tokens, BigDecimal burnPerDay, Instant now, Map<UUID, BigDecimal> unused) {
        List<TokenState> holding = new ArrayList<>(tokens.size());
        for (TokenState token : tokens) {
            if (token.holdsCredit()) {
                holding.add(token);
            }
        }
        holding.sort(TokenState.FIFO);
        Instant t = now;
        for (TokenState token : holding) {
            if (!token.expiresAt().isAfter(t) || burnPerDay.signum() == 0) {
                put(unused, token.tokenId(), token.remaining());
                t = burnPerDay.signum() == 0 ? t : later(t, token.expiresAt());
                continue;
            }
            BigDecimal secondsToUse = token.remaining().multiply(SECONDS_PER_DAY).divide(burnPerDay, 0, RoundingMode.CEILING);
            long seconds = Duration.between(t, token.expiresAt()).toSeconds();
            if (secondsToUse.compareTo(BigDecimal.valueOf(seconds)) > 0) {
                if (unused != null) {
                    BigDecimal used = Amounts.scaled(burnPerDay.multiply(BigDecimal.valueOf(seconds))
                            .divide(SECONDS_PER_DAY, Amounts.ZERO.scale(), RoundingMode.HALF_EVEN));
                    unused.put(token.tokenId(), token.remaining().subtract(used.min(token.remaining())));
                }
                t = token.expiresAt();
            } else {
                put(unused, token.tokenId(), Amounts.ZERO);
                t = t.plusSeconds(secondsToUse.longValueExact());
            }
        }
        return !holding.isEmpty() && burnPerDay.signum() > 0 ? t : null;
    }

    private static void put(Map<UUID, BigDecimal> unused, UUID tokenId, BigDecimal amount) {
        if (unused != null) {
            unused.put(tokenId, amount);
        }
    }

    /** The UTC day of {@code runsOutAt}, or null when it is null. */
    public static LocalDate runsOutOn(Instant runsOutAt) {
        return runsOutAt == null ? null : LocalDate.ofInstant(runsOutAt, ZoneOffset.UTC);
    }

    /** Whole days from {@code now}'s UTC day to the UTC day of {@code runsOutAt}, or null when it is null. */
    public static Integer daysLeft(Instant runsOutAt, Instant now) {
        return runsOutAt == null ? null : (int) ChronoUnit.DAYS.between(LocalDate.ofInstant(now, ZoneOffset.UTC), runsOutOn(runsOutAt));
    }

    /** The UTC day the credit runs out, or null. */
    public LocalDate runsOutOn() {
        return runsOutOn(runsOutAt);
    }

    /** Whole days from {@code now}'s UTC day to {@link #runsOutOn}, or null. */
    public Integer daysLeft(Instant now) {
        return daysLeft(runsOutAt, now);
    }

    static long day(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY.longValue());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
