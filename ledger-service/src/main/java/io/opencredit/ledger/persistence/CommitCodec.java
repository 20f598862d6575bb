package io.opencredit.ledger.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.Lexical;
import io.opencredit.ledger.domain.EffectiveTime;
import io.opencredit.ledger.domain.LedgerFact;
import io.opencredit.ledger.domain.LedgerPayload;
import io.opencredit.runtime.compress.Lz4Blocks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The facts of one commit (one subscription's facts from one transaction) as {@code ledger_commit.facts}
 * holds them: a JSON array, in version order, of
 * {@code {"eventId":"…","type":"…","occurredAt":"…","effectiveAt":"…","causationId":"…"|null,"payload":{…}}}.
 * {@code effectiveAt} (F2, {@link EffectiveTime}) is written by the ledger since F2; a fact stored before has none and
 * is read with {@link EffectiveTime#standalone}. The ledger writes it LZ4-compressed (first byte {@value #LZ4}, see {@link Lz4Blocks}); the facts
 * that migration V5 moved out of the old one-row-per-fact table are the array as it is (first byte {@code '['}).
 */
final class CommitCodec {

    static final byte LZ4 = 1;

    private CommitCodec() {
    }

    /** A fact read back: its place in the stream comes from the commit's first version. */
    record Read(long version, UUID eventId, UUID causationId, LedgerFact fact, Instant effectiveAt) {
    }

    /**
     * Writes commits' facts with the suite's JSON mapper, each with its payload JSON as already written (the same
     * bytes go to the outbox): a commit's facts, then {@link #toBytes}, then the next commit's (one buffer for a whole
     * batch's commits).
     */
    static final class Writer {
        private final Buffer buffer;
        private JsonGenerator json;
        private int count;

        Writer(int expectedFacts) {
            buffer = new Buffer(64 + expectedFacts * 400);
        }

        /** Appends a fact without an effective time (it is then read as {@link EffectiveTime#standalone} dates it). */
        Writer add(UUID eventId, String type, Instant at, UUID causationId, byte[] payloadJson) {
            return add(eventId, type, at, null, causationId, payloadJson);
        }

        /** Appends a fact of a type the store knows (a fact of any other type could not be read back). */
        Writer add(UUID eventId, String type, Instant at, Instant effectiveAt, UUID causationId, byte[] payloadJson) {
            if (!FactCodec.isType(type)) {
                throw new IllegalArgumentException("not a ledger fact type: " + type);
            }
            try {
                if (json == null) {
                    json = FactCodec.mapper().createGenerator(buffer);
                    json.writeStartArray();
                }
                json.writeStartObject();
                json.writeStringField("eventId", eventId.toString());
                json.writeStringField("type", type);
                json.writeStringField("occurredAt", Lexical.isoInstant(at));
                if (effectiveAt != null) {
                    json.writeStringField("effectiveAt", Lexical.isoInstant(effectiveAt));
                }
                json.writeStringField("causationId", causationId == null ? null : causationId.toString());
                json.writeFieldName("payload");
                // the payload's UTF-8 bytes go into the buffer as they are: an empty raw value makes the generator
                // write the colon and count a value, and its flush puts everything before it into the buffer first
                // (no decoding to a String and encoding back, a noticeable part of a commit's CPU: issue 20)
                json.writeRawValue("");
                json.flush();
                buffer.write(payloadJson);
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            count++;
            return this;
        }

        int count() {
            return count;
        }

        /** The stored form of the facts added since the last call: the array, LZ4-compressed where it was written. */
        byte[] toBytes() {
            try {
                if (json == null) {
                    json = FactCodec.mapper().createGenerator(buffer);
                    json.writeStartArray();
                }
                json.writeEndArray();
                json.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] stored = Lz4Blocks.compress(LZ4, buffer.array(), buffer.size());
            buffer.reset();
            json = null;
            count = 0;
            return stored;
        }
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }

    /** The facts of a stored commit that starts at {@code firstVersion}, in order. */
    static List<Read> read(byte[] stored, long firstVersion) {
        byte[] json;
        if (stored.length > 0 && stored[0] == LZ4) {
            json = Lz4Blocks.decompress(stored);
        } else if (stored.length > 0 && stored[0] == '[') {
            json = stored;
        } else {
            throw new IllegalStateException("unknown commit format " + (stored.length == 0 ? "(empty)" : stored[0]));
        }
        List<Read> facts = new ArrayList<>();
        try (JsonParser parser = FactCodec.mapper().createParser(json)) {
            expect(parser, JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                facts.add(readFact(parser, firstVersion + facts.size()));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IllegalStateException("a stored commit holds " + parser.currentToken() + " where a fact should be");
            }
        } catch (IOException e) {
            throw new IllegalStateException("a stored commit is unreadable", e);
        }
        return facts;
    }

    /** One fact object (the parser on its start); the payload is bound as it is read when its type came first, as written. */
    private static Read readFact(JsonParser parser, long version) throws IOException {
        UUID eventId = null;
        UUID causationId = null;
        String type = null;
        Instant at = null;
        Instant effectiveAt = null;
        Object payload = null;
        JsonNode payloadTree = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "eventId" -> eventId = UUID.fromString(parser.getText());
                case "causationId" -> causationId = value == JsonToken.VALUE_NULL ? null : UUID.fromString(parser.getText());
                case "type" -> type = parser.getText();
                case "occurredAt" -> at = instant(parser.getText());
                case "effectiveAt" -> effectiveAt = instant(parser.getText());
                case "payload" -> {
                    if (type != null) {
                        payload = FactCodec.mapper().readValue(parser, FactCodec.payloadClass(type));
                    } else {
                        payloadTree = FactCodec.mapper().readTree(parser);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (eventId == null || type == null || at == null || (payload == null && payloadTree == null)) {
            throw new IllegalStateException("a stored fact at version " + version + " lacks its event id, type, time or payload");
        }
        if (payload == null) {
            payload = FactCodec.mapper().treeToValue(payloadTree, FactCodec.payloadClass(type));
        }
        LedgerFact fact = new LedgerFact(at, LedgerPayload.of((Record) payload));
        return new Read(version, eventId, causationId, fact, effectiveAt != null ? effectiveAt : EffectiveTime.standalone(fact));
    }

    /** As written (the usual UTC spelling, parsed by hand); anything else by the ISO-8601 parser. */
    private static Instant instant(String text) {
        Instant at = Lexical.utcInstant(text);
        return at != null ? at : Instant.parse(text);
    }

    private static void expect(JsonParser parser, JsonToken token) throws IOException {
        if (parser.nextToken() != token) {
            throw new IllegalStateException("a stored commit starts with " + parser.currentToken() + ", not " + token);
        }
    }
}
