package io.opencredit.billing.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.billing.domain.UsageRecord;
import io.opencredit.billing.domain.UsageRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /usage} ({@code {"records": [...]}}) as a {@link Dtos.UsageBatch} with
 * the application's {@link ObjectMapper}, each record by {@link Element} as a stream of tokens straight
 * into the values of its fields (no JSON tree of the body: a tree per record cost about a fifth of the
 * request's service time before issue 6). Jackson answers everything that is not a batch (not JSON,
 * an unknown top-level field, a repeated field, trailing tokens) with its exception and path, which the
 * problem mappers turn into a 400; each record meets {@link UsageRules} and is refused alone.
 *
 * <p>Two limits hold while reading, not after (SPEC §5, O6): the array of records is read up to the
 * batch limit and the next element stops the read ({@link BatchTooLarge}), so a body of a million
 * {@code {}} costs a thousand records; and no number becomes a {@code BigDecimal} before the one
 * external decimal reader accepted its text ({@link JsonInput}).
 */
@ApplicationScoped
public class UsageBatchReader {

    private final ObjectMapper mapper;
    private final ObjectReader batches;

    public UsageBatchReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.batches = mapper.readerFor(Dtos.UsageBatch.class);
    }

    /** As {@link #records(byte[], int)} without a limit (tests of the reading alone). */
    public List<UsageRecord> records(byte[] body) throws IOException {
        return records(body, Integer.MAX_VALUE);
    }

    /**
     * The records of the body, in order; null if the body holds none to read (empty, {@code null},
     * no or a null {@code records}). Throws the Jackson exception of a body that is not JSON or not a
     * batch, and {@link BatchTooLarge} as soon as the array holds one record more than {@code maxRecords}.
     */
    public List<UsageRecord> records(byte[] body, int maxRecords) throws IOException {
        try {
            Dtos.UsageBatch batch = isEmpty(body) ? null : batches.withAttribute(Records.MAX_RECORDS, maxRecords).readValue(body);
            return batch == null ? null : batch.records();
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof BatchTooLarge tooLarge) {
                throw tooLarge; // Jackson wraps what a property's deserializer throws; this one is not about the JSON
            }
            throw e;
        }
    }

    /**
     * What an {@code Idempotency-Key} remembers of a batch read by {@link #records}: the tree of its
     * records as it always was for good numbers; a number the decimal reader refuses is kept as the
     * string of its text ({@link JsonInput#withSafeNumbers}), never built.
     */
    public JsonNode requestOf(byte[] body) throws IOException {
        ObjectNode request = mapper.createObjectNode();
        JsonNode records = JsonInput.readTree(mapper, body).get("records");
        request.set("records", records == null ? null : JsonInput.withSafeNumbers(records, mapper.getNodeFactory()));
        return request;
    }

    /** A batch with more records than the limit: the read stopped at the first record beyond it. */
    public static final class BatchTooLarge extends JsonProcessingException {

        private static final long serialVersionUID = 1L;
        private final int maxRecords;

        BatchTooLarge(int maxRecords) {
            super("a batch holds at most " + maxRecords + " records; the reading stopped at record " + (maxRecords + 1));
            this.maxRecords = maxRecords;
        }

        public int maxRecords() {
            return maxRecords;
        }
    }

    /**
     * The {@code records} array: its elements by {@link Element}, at most the reader's
     * {@link #MAX_RECORDS} attribute of them; the element after that is not read.
     */
    public static final class Records extends StdDeserializer<List<UsageRecord>> {

        private static final long serialVersionUID = 1L;
        static final String MAX_RECORDS = "opencredit.usage.max-records";
        private static final Element ELEMENT = new Element();

        public Records() {
            super(List.class);
        }

        @Override
        public List<UsageRecord> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                @SuppressWarnings("unchecked")
                List<UsageRecord> unexpected = (List<UsageRecord>) context.handleUnexpectedToken(List.class, parser);
                return unexpected;
            }
            Object limit = context.getAttribute(MAX_RECORDS);
            int maxRecords = limit instanceof Integer max ? max : Integer.MAX_VALUE;
            List<UsageRecord> records = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (records.size() == maxRecords) {
                    throw new BatchTooLarge(maxRecords);
                }
                try {
                    records.add(token == JsonToken.VALUE_NULL ? ELEMENT.getNullValue(context) : ELEMENT.deserialize(parser, context));
                } catch (IOException | RuntimeException e) {
                    throw JsonMappingException.wrapWithPath(e, records, records.size()); // the path "records[i]", as Jackson's lists say
                }
            }
            return records;
        }
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
     * Object, Object, Object)} as they are read ({@link JsonInput#readValue}: a string as its text, a number
     * as its raw text, any other value as its node), anything else to {@link UsageRules#read(JsonNode)} as
     * its node (refused: not an object). The parser itself refuses a repeated field.
     */
    public static final class Element extends StdDeserializer<UsageRecord> {

        private static final long serialVersionUID = 1L;

        public Element() {
            super(UsageRecord.class);
        }

        @Override
        public UsageRecord deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartObjectToken()) {
                return UsageRules.read(JsonInput.read(parser));
            }
            Object id = null;
            Object subscriptionId = null;
            Object meterId = null;
            Object quantity = null;
            Object usageTime = null;
            String unknown = null;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                parser.nextToken();
                Object value = JsonInput.readValue(parser);
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
