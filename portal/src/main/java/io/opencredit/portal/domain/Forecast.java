package io.opencredit.portal.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ledger's F1 forecast ({@code GET /subscriptions/{id}/forecast}) as the page shows it, and the chart's forecast
 * line drawn from it. The ledger decides the numbers (burn rate, run-out day, what each token leaves unused); the
 * portal only draws them, so the line and the ledger's warning emails never disagree.
 *
 * @param runsOutOn      null when the ledger forecasts no run-out (nothing burns, nothing left)
 * @param tokens         the tokens holding credit, in the ledger's FIFO order
 * @param warningDays    the subscription's warning (F1: the depletion email when the run-out comes within so many
 *                       days), null when the ledger gave none
 * @param burnWindowDays the days the ledger's burn rate is measured over, null when the ledger gave none
 */
public record Forecast(String currency, BigDecimal burnPerDay, LocalDate runsOutOn, List<TokenForecast> tokens,
                       Integer warningDays, Integer burnWindowDays) {

    /** What the ledger forecasts a token to leave unused when it expires. */
    public record TokenForecast(String tokenId, Instant expiresAt, BigDecimal forecastUnusedAtExpiry) {
    }

    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);

    /** Reads the ledger's answer; a field it lacks or cannot be read stays null (the page shows what there is). */
    public static Forecast of(JsonNode body) {
        List<TokenForecast> tokens = new ArrayList<>();
        body.path("tokens").forEach(t -> tokens.add(new TokenForecast(t.path("tokenId").asText(), instant(t.path("expiresAt")),
                decimal(t.path("forecastUnusedAtExpiry")))));
        LocalDate runsOutOn = null;
        if (body.path("runsOutOn").isTextual()) {
            try {
                runsOutOn = LocalDate.parse(body.path("runsOutOn").asText());
            } catch (DateTimeParseException e) {
                runsOutOn = null;
            }
        }
        return new Forecast(body.path("currency").asText(null), decimal(body.path("burnPerDay")), runsOutOn, List.copyOf(tokens),
                days(body.path("warningDays")), days(body.path("burnWindowDays")));
    }

    /** The forecast unused amount of one token, or null when the ledger gave none for it. */
    public BigDecimal unusedOf(String tokenId) {
        return tokens.stream().filter(t -> t.tokenId().equals(tokenId)).map(TokenForecast::forecastUnusedAtExpiry)
                .findFirst().orElse(null);
    }

    /**
     * The forecast line from the balance now to the run-out: down at the ledger's burn rate, dropping at each token's
     * expiry what the ledger forecasts it to leave unused, ending at zero. Consumption never pauses while credit is
     * left (FIFO moves on to the next token), so the balance at t is {@code remaining - burn * (t - now) - the unused
     * of the tokens expired by t}. Empty when the ledger forecasts no run-out or nothing is left.
     */
    public List<BurnDown.Point> line(BigDecimal remaining, Instant now) {
        if (runsOutOn == null || remaining == null || remaining.signum() <= 0) {
            return List.of();
        }
        BigDecimal perSecond = burnPerDay == null ? BigDecimal.ZERO : burnPerDay.divide(SECONDS_PER_DAY, MathContext.DECIMAL64);
        List<BurnDown.Point> points = new ArrayList<>();
        long t = now.getEpochSecond();
        BigDecimal balance = remaining;
        points.add(new BurnDown.Point(t, balance));
        List<TokenForecast> drops = tokens.stream().filter(k -> k.expiresAt() != null && k.expiresAt().isAfter(now)
                && k.forecastUnusedAtExpiry() != null && k.forecastUnusedAtExpiry().signum() > 0)
                .sorted(Comparator.comparing(TokenForecast::expiresAt)).toList();
        for (TokenForecast token : drops) {
            long expiry = token.expiresAt().getEpochSecond();
            BigDecimal atExpiry = balance.subtract(perSecond.multiply(BigDecimal.valueOf(expiry - t))).setScale(6, RoundingMode.HALF_EVEN);
            if (atExpiry.signum() <= 0) {
                break; // used up before this expiry: the straight run below ends it
            }
            balance = atExpiry.subtract(token.forecastUnusedAtExpiry()).max(BigDecimal.ZERO);
            points.add(new BurnDown.Point(expiry, atExpiry));
            points.add(new BurnDown.Point(expiry + 1, balance)); // a second later: the chart's x values must rise
            t = expiry + 1;
            if (balance.signum() == 0) {
                return points;
            }
        }
        if (perSecond.signum() <= 0) {
            return points.size() > 1 ? points : List.of();
        }
        t += balance.divide(perSecond, 0, RoundingMode.HALF_UP).longValueExact();
        points.add(new BurnDown.Point(t, BigDecimal.ZERO));
        return points;
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A whole number of days, or null when the field is missing or no whole number. */
    private static Integer days(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
    }

    private static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
