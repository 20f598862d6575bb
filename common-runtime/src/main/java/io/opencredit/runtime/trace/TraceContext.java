package io.opencredit.runtime.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C trace context ({@code traceparent}) carried across Kafka hops without a tracing SDK: an HTTP
 * request's header (or a fresh one) is stored with every outbox row the request writes; a consumed
 * event's header is stored with every event derived from it (matched by causation id), and the relay
 * sends it as the record's {@code traceparent} header. Each hop gets a new parent id in the same trace.
 */
public final class TraceContext {

    public static final String HEADER = "traceparent";
    private static final Pattern VALID = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
    private static final ThreadLocal<Map<UUID, String>> BATCH = new ThreadLocal<>();

    private TraceContext() {
    }

    /** The traceparent for an event caused by {@code causationId}, or null when none is known. */
    public static String forEvent(UUID causationId) {
        Map<UUID, String> batch = BATCH.get();
        String parent = causationId != null && batch != null ? batch.get(causationId) : null;
        if (parent == null) {
            parent = REQUEST.get();
        }
        return parent == null ? null : childOf(parent);
    }

    /** Runs {@code work} with the traceparents of a consumed batch, keyed by event id. */
    public static void withBatch(Map<UUID, String> traceparents, Runnable work) {
        BATCH.set(traceparents);
        try {
            work.run();
        } finally {
            BATCH.remove();
        }
    }

    static void beginRequest(String header) {
        REQUEST.set(isValid(header) ? header : fresh());
    }

    static void endRequest() {
        REQUEST.remove();
    }

    public static boolean isValid(String traceparent) {
        return traceparent != null && VALID.matcher(traceparent).matches();
    }

    /** The trace id of a traceparent (its second field). */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    static String fresh() {
        byte[] trace = new byte[16];
        RANDOM.nextBytes(trace);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + spanId() + "-01";
    }

    private static String childOf(String parent) {
        return parent.substring(0, 36) + spanId() + parent.substring(52);
    }

    /**
     * A new parent id: 16 hex digits, never all zero (W3C). One per published event, so not from
     * {@link SecureRandom} (a synchronised read of the system's entropy each time): a parent id only
     * has to be unlikely to repeat within its trace, not unguessable.
     */
    private static String spanId() {
        long span;
        do {
            span = ThreadLocalRandom.current().nextLong();
        } while (span == 0);
        return HexFormat.of().toHexDigits(span);
    }
}
