package io.opencredit.billing.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opencredit.billing.domain.UsageRecord;
import io.opencredit.billing.domain.UsageRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;

/**
 * Reads the body of {@code POST /usage} ({@code {"records": [...]}}) as a {@link Dtos.UsageBatch} with
 * the application's {@link ObjectMapper}, each record by {@link Element} as a stream of tokens straight
 * into the values of its fields (no JSON tree of the body: a tree per record cost about a fifth of the
 * request's service time before issue 6). Jackson answers everything that is not a batch (not JSON,
 * an unknown top-level field, a repeated field, trailing tokens) with its exception and path, which the
 * problem mappers turn into a 400; each record meets {@link UsageRules} and is refused alone.
 */
@ApplicationScoped
public class UsageBatchReader {

    private final ObjectMapper mapper;
    private final ObjectReader batches;

    public UsageBatchReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.batches = mapper.readerFor(Dtos.UsageBatch.class);
    }

    /**
     * The records of the body, in order; null if the body holds none to read (empty, {@code null},
     * no or a null {@code records}). Throws the Jackson exception of a body that is not JSON or not a batch.
     */
    public List<UsageRecord> records(byte[] body) throws IOException {
        Dtos.UsageBatch batch = isEmpty(body) ? null : batches.readValue(body);
        return batch == null ? null : batch.records();
    }

    /**
     * What an {@code Idempotency-Key} remembers of a batch read by {@link #records}: the tree of its
     * records, as it always was (a repeat with other records is refused; the hash stays the one stored).
     */
    public JsonNode requestOf(byte[] body) throws IOException {
        ObjectNode request = mapper.createObjectNode();
        request.set("records", mapper.readTree(body).get("records"));
        return request;
    }

    /** No JSON token at all (the REST layer passed no entity for such a body). */
    private boolean isEmpty(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false; // not JSON: reading it as a batch reports why
        }
    }

    /**
     * One element of {@code records}: an object's fields go to {@link UsageRules#read(String, Object, Object,
     * Object, Object, Object)} as they are read (a string as its text, any other value as its node), anything
     * else to {@link UsageRules#read(JsonNode)} as its node (refused: not an object). The parser itself
     * refuses a repeated field.
     */
    public static final class Element extends StdDeserializer<UsageRecord> {

        private static final long serialVersionUID = 1L;

        public Element() {
            super(UsageRecord.class);
        }

        @Override
        public UsageRecord deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartObjectToken()) {
                return UsageRules.read(context.readTree(parser));
            }
            Object id = null;
            Object subscriptionId = null;
            Object meterId = null;
            Object quantity = null;
            Object usageTime = null;
            String unknown = null;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                Object value = parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : context.readTree(parser);
                switch (name) {
                    case "id" -> id = value;
                    case "subscriptionId" -> subscriptionId = value;
                    case "meterId" -> meterId = value;
                    case "quantity" -> quantity = value;
                    case "usageTime" -> usageTime = value;
                    default -> unknown = unknown == null ? name : unknown;
                }
            }
            return UsageRules.read(unknown, id, subscriptionId, meterId, quantity, usageTime);
        }

        /** A {@code null} element: not an object, refused alone. */
        @Override
        public UsageRecord getNullValue(DeserializationContext context) {
            return UsageRules.read(NullNode.getInstance());
        }
    }
}
