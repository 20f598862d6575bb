package io.opencredit.ledger.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.events.EventCodec;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.ledger.domain.LedgerSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON of stored facts and snapshots, with the suite's event mapper (exact decimals as strings, ISO instants). A
 * stored fact's type is its record's simple name; every type of {@link LedgerPayload#allClasses()} reads back.
 */
public final class FactCodec {

    private static final Map<String, Class<?>> TYPES = new HashMap<>();

    static {
        LedgerPayload.allClasses().forEach(type -> TYPES.put(type.getSimpleName(), type));
    }

    private FactCodec() {
    }

    public static ObjectMapper mapper() {
        return EventCodec.mapper();
    }

    public static String write(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** As {@link #write}, as UTF-8 bytes (a UTF-8 generator: no characters, no string, no second encoding). */
    public static byte[] writeBytes(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Whether the store knows this fact type. */
    public static boolean isType(String type) {
        return TYPES.containsKey(type);
    }

    /** The payload record class of a stored fact's type. */
    public static Class<?> payloadClass(String type) {
        Class<?> payloadClass = TYPES.get(type);
        if (payloadClass == null) {
            throw new IllegalStateException("the event store holds an unknown type " + type);
        }
        return payloadClass;
    }

    /** The payload record (a published event or an internal fact) of a stored fact. */
    public static Record readPayload(String type, String json) {
        try {
            return (Record) mapper().readValue(json, payloadClass(type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type + " unreadable", e);
        }
    }

    public static LedgerSnapshot readSnapshot(String json) {
        try {
            return mapper().readValue(json, LedgerSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored snapshot unreadable", e);
        }
    }
}
