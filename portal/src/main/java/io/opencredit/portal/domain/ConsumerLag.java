package io.opencredit.portal.domain;

import java.math.BigDecimal;

/**
 * A service's consumer lag and outbox backlog, read from its Prometheus metrics ({@code /q/metrics}): the Kafka
 * client's {@code records_lag_max} summed over the service's consumers, and the outbox relay's backlog.
 *
 * @param lag     records behind across the partitions it owns; null when the service has no consumer
 * @param backlog outbox rows not yet published; null when it has no outbox
 */
public record ConsumerLag(BigDecimal lag, BigDecimal backlog) {

    static final String LAG = "kafka_consumer_fetch_manager_records_lag_max";
    static final String BACKLOG = "opencredit_outbox_backlog";

    /** Reads the Prometheus text format; lines for other metrics, comments and NaN values are skipped. */
    public static ConsumerLag parse(String metrics) {
        BigDecimal lag = null;
        BigDecimal backlog = null;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String name = name(line);
            if (!name.equals(LAG) && !name.equals(BACKLOG)) {
                continue;
            }
            BigDecimal value = value(line);
            if (value == null) {
                continue;
            }
            if (name.equals(LAG)) {
                lag = lag == null ? value : lag.add(value);
            } else {
                backlog = backlog == null ? value : backlog.add(value);
            }
        }
        return new ConsumerLag(lag, backlog);
    }

    private static String name(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }

    private static BigDecimal value(String line) {
        int close = line.lastIndexOf('}');
        String rest = (close >= 0 ? line.substring(close + 1) : line.substring(line.indexOf(' ') + 1)).strip();
        int space = rest.indexOf(' ');
        String number = space >= 0 ? rest.substring(0, space) : rest;
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            return null; // NaN, +Inf: no partition assigned yet
        }
    }
}
