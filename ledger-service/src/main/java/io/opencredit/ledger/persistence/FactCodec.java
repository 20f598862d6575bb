package io.opencredit.ledger.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.events.EventCatalog;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventPayload;
import io.opencredit.ledger.domain.AlertRuleRemoved;
import io.opencredit.ledger.domain.AlertRuleSet;
import io.opencredit.ledger.domain.LedgerSnapshot;
import java.util.HashMap;
import java.util.Map;

/** JSON of stored facts and snapshots, with the suite's event mapper (exact decimals as strings, ISO instants). */
public final class FactCodec {

    private static final Map<String, Class<? extends EventPayload>> TYPES = new HashMap<>();

    static {
        EventCatalog.all().forEach(d -> TYPES.put(d.type(), d.payloadClass()));
        TYPES.put(AlertRuleSet.class.getSimpleName(), AlertRuleSet.class);
        TYPES.put(AlertRuleRemoved.class.getSimpleName(), AlertRuleRemoved.class);
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

    /** The payload class of a stored fact's type. */
    public static Class<? extends EventPayload> payloadClass(String type) {
        Class<? extends EventPayload> payloadClass = TYPES.get(type);
        if (payloadClass == null) {
            throw new IllegalStateException("the event store holds an unknown type " + type);
        }
        return payloadClass;
    }

    public static EventPayload readPayload(String type, String json) {
        try {
            return mapper().readValue(json, payloadClass(type));
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
