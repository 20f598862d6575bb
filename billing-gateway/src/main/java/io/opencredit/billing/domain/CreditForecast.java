package io.opencredit.billing.domain;

import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a subscription's current credit runs out at a steady daily cost, and how much of it would
 * expire unused (estimates, SPEC §4). The gateway knows the total remaining credit (the latest
 * BalanceChanged) and each token's original amount and expiry (CreditAdded), not each token's
 * remaining amount; since usage is paid earliest-expiry first (T2), the remaining credit sits in
 * the latest-expiring tokens, so it is spread over the tokens from the latest expiry backwards,
 * each up to its original amount. Consumption then walks the tokens in FIFO order at the daily
 * cost; what a token still holds at its expiry is lost (T8).
 */
public final class CreditForecast {

    public record Token(BigDecimal original, Instant activatedAt, Instant expiresAt) {
    }

    /** {@code runsOutAt}: when no credit is left, used up or expired; null when it never runs out at this cost. */
    public record Result(Instant runsOutAt, Money expiringUnused) {
    }

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    private CreditForecast() {
    }

    public static Result forecast(Money remaining, List<Token> tokens, Money dailyCost, Instant now) {
        String currency = remaining.currency();
        List<Token> live = new ArrayList<>(tokens.stream().filter(t -> t.expiresAt().isAfter(now)).toList());
        live.sort(Comparator.comparing(Token::expiresAt).thenComparing(Token::activatedAt));
        // spread the remaining credit from the latest expiry backwards
        BigDecimal left = remaining.amount();
        BigDecimal[] holds = new BigDecimal[live.size()];
        for (int i = live.size() - 1; i >= 0; i--) {
            BigDecimal share = left.min(live.get(i).original());
            holds[i] = share;
            left = left.subtract(share);
        }
        boolean noTokenInfo = live.isEmpty() || left.signum() > 0;
        if (noTokenInfo) {
            // credit the gateway cannot place in a token: assume it does not expire
            if (dailyCost.isZero()) {
                return new Result(null, Money.zero(currency));
            }
            return new Result(after(now, remaining.amount(), dailyCost.amount()), Money.zero(currency));
        }
        BigDecimal expiring = BigDecimal.ZERO;
        Instant t = now;
        for (int i = 0; i < live.size(); i++) {
            BigDecimal available = holds[i];
            if (available.signum() == 0) {
                continue;
            }
            Instant expiry = live.get(i).expiresAt();
            if (dailyCost.isZero()) {
                expiring = expiring.add(available);
                t = expiry;
                continue;
            }
            BigDecimal usable = dailyCost.amount().multiply(days(t, expiry));
            if (available.compareTo(usable) <= 0) {
                t = after(t, available, dailyCost.amount());
            } else {
                expiring = expiring.add(available.subtract(usable));
                t = expiry;
            }
        }
        return new Result(t, Money.of(expiring, currency));
    }

    private static BigDecimal days(Instant from, Instant to) {
        long seconds = Math.max(0, Duration.between(from, to).getSeconds());
        return BigDecimal.valueOf(seconds).divide(SECONDS_PER_DAY, MathContext.DECIMAL64);
    }

    private static Instant after(Instant from, BigDecimal amount, BigDecimal perDay) {
        BigDecimal seconds = amount.multiply(SECONDS_PER_DAY).divide(perDay, 0, RoundingMode.FLOOR);
        if (seconds.compareTo(BigDecimal.valueOf(3_153_600_000L)) > 0) { // beyond 100 years: cap
            seconds = BigDecimal.valueOf(3_153_600_000L);
        }
        return from.plusSeconds(seconds.longValueExact());
    }
}
