package io.opencredit.runtime.consistency;

import io.opencredit.events.Producers;
import java.util.List;

/**
 * What a service knows of one subscription (SPEC R2): per producer of the suite, the number of the last of that
 * producer's writes for the subscription whose events it has applied, directly or through another service's events.
 * A producer counts its own writes per subscription ({@link FrontierStore#advanceOwn}); every event it publishes
 * carries its frontier, and a consumer takes the larger of each count ({@link #merge}). So a later frontier
 * {@linkplain #covers covers} an earlier one exactly when everything the earlier one had seen is reflected.
 *
 * <p>The producers are the four services, in the order of {@link #PRODUCERS}; the written form is their counts
 * joined by dots, {@code activation.billing.ledger.alerting}, e.g. {@code 2.5.9.0}.
 */
public record Frontier(long activation, long billing, long ledger, long alerting) {

    /** The producers, in the order of the record's components. */
    public static final List<String> PRODUCERS = List.of(Producers.ACTIVATION, Producers.BILLING, Producers.LEDGER, Producers.ALERTING);

    public static final Frontier NONE = new Frontier(0, 0, 0, 0);

    public Frontier {
        if (activation < 0 || billing < 0 || ledger < 0 || alerting < 0) {
            throw new IllegalArgumentException("a frontier counts writes: no component is negative");
        }
    }

    /** The count of the producer at {@code index} in {@link #PRODUCERS}. */
    public long get(int index) {
        return switch (index) {
            case 0 -> activation;
            case 1 -> billing;
            case 2 -> ledger;
            case 3 -> alerting;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /** Each component the larger of the two. */
    public Frontier merge(Frontier other) {
        return new Frontier(Math.max(activation, other.activation), Math.max(billing, other.billing),
                Math.max(ledger, other.ledger), Math.max(alerting, other.alerting));
    }

    /**
     * Whether this frontier reflects {@code wanted} in the components a service can learn of. No service reads
     * {@code alerting.events}, so the alerting service's count reaches no other service: it is compared only when
     * {@code reader} is the alerting service itself, whose own count is always current there.
     */
    public boolean covers(Frontier wanted, String reader) {
        return activation >= wanted.activation && billing >= wanted.billing && ledger >= wanted.ledger
                && (!Producers.ALERTING.equals(reader) || alerting >= wanted.alerting);
    }

    /** The index of {@code producer} in {@link #PRODUCERS}. */
    public static int indexOf(String producer) {
        int index = PRODUCERS.indexOf(producer);
        if (index < 0) {
            throw new IllegalArgumentException("not a producer of the suite: " + producer);
        }
        return index;
    }

    /** {@code 2.5.9.0}. */
    @Override
    public String toString() {
        return activation + "." + billing + "." + ledger + "." + alerting;
    }

    /** Reads {@link #toString}'s form; anything else is an {@link IllegalArgumentException}. */
    public static Frontier parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("a frontier is four counts joined by dots: " + text);
        }
        long[] counts = new long[4];
        for (int i = 0; i < 4; i++) {
            counts[i] = count(parts[i]);
        }
        return new Frontier(counts[0], counts[1], counts[2], counts[3]);
    }

    private static long count(String digits) {
        if (digits.isEmpty() || digits.length() > 18 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new IllegalArgumentException("not a count: '" + digits + "'");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a count: '" + digits + "'");
            }
        }
        return Long.parseLong(digits);
    }
}
