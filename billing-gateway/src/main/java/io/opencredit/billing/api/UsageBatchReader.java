package io.opencredit.billing.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.opencredit.billing.domain.UsageRecord;
import io.opencredit.billing.domain.UsageRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /usage} ({@code {"records": [...]}}) into its records, each read by
 * {@link UsageRules}, without building a JSON tree of the body.
 *
 * <p>A body of the expected shape (one object holding only {@code records}, an array of objects,
 * nothing after it) is read as a stream of tokens straight into the values of each record's fields:
 * a string field is its text, any other value is read as the same {@link JsonNode} the tree held,
 * so every record meets exactly the rules, problems and messages it met before. Anything else (not
 * JSON, another shape, an element that is not an object, a duplicate field, trailing tokens) is
 * read again the way the REST layer always read it, as a {@link Dtos.UsageBatch} of trees with the
 * application's {@link ObjectMapper}: it throws the same Jackson exception, which the problem mappers
 * answer with the same 400 (malformed JSON, unknown field, wrong type, with the same path), or
 * returns the batch whose records are then read one by one as before. Both use the same parser
 * features (strict duplicate detection among them).
 */
@ApplicationScoped
public class UsageBatchReader {

    private final ObjectMapper mapper;
    private final ObjectReader batches;
    /** A JSON value inside a record, as a node (the record goes on after it: no check for trailing tokens). */
    private final ObjectReader values;

    public UsageBatchReader(ObjectMapper mapper) {
        this.mapper = mapper;
        this.batches = mapper.readerFor(Dtos.UsageBatch.class);
        this.values = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The records of the body, in order; null if the body holds none to read (empty, {@code null},
     * no or a null {@code records}). Throws the Jackson exception of a body that is not JSON or not
     * a batch, as {@link #batch(byte[])}.
     */
    public List<UsageRecord> records(byte[] body) throws IOException {
        List<UsageRecord> records = stream(body);
        if (records != null) {
            return records;
        }
        Dtos.UsageBatch batch = batch(body);
        return batch == null ? null : records(batch);
    }

    /** The body as the REST layer read it before: a batch of JSON trees, null for an empty body. */
    public Dtos.UsageBatch batch(byte[] body) throws IOException {
        if (isEmpty(body)) {
            return null;
        }
        return batches.readValue(body);
    }

    /** The records of a batch of trees, each read by {@link UsageRules#read(JsonNode)}; null without records. */
    public static List<UsageRecord> records(Dtos.UsageBatch batch) {
        if (batch.records() == null) {
            return null;
        }
        List<UsageRecord> records = new ArrayList<>(batch.records().size());
        for (JsonNode record : batch.records()) {
            records.add(UsageRules.read(record));
        }
        return records;
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
     * The records of a body of the expected shape, or null for any other body (then read as a tree).
     * The parser does not look for duplicate fields itself (a set of names per record, allocated for
     * every record): a record tells its duplicates itself, and the rare values it reads as trees (objects,
     * arrays) send the body to the tree reading, whose parser detects them.
     */
    List<UsageRecord> stream(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT || !"records".equals(parser.nextFieldName())
                    || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<UsageRecord> records = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                UsageRecord record = record(parser);
                if (record == null) {
                    return null;
                }
                records.add(record);
            }
            if (token != JsonToken.END_ARRAY || parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            return records;
        } catch (IOException e) {
            return null; // not JSON after all: the tree reading throws the exception with its path
        }
    }

    /**
     * One record, the parser on its START_OBJECT; leaves it on the END_OBJECT. Null if the record
     * repeats a field or holds an object or array (the tree reading decides those).
     */
    private UsageRecord record(JsonParser parser) throws IOException {
        Object id = null;
        Object subscriptionId = null;
        Object meterId = null;
        Object quantity = null;
        Object usageTime = null;
        String unknown = null;
        List<String> unknownNames = null;
        int seen = 0;
        String name;
        while ((name = parser.nextFieldName()) != null) {
            JsonToken token = parser.nextToken();
            Object value;
            if (token == JsonToken.VALUE_STRING) {
                value = parser.getText();
            } else if (token.isScalarValue()) {
                value = values.readTree(parser);
            } else {
                return null;
            }
            int field = switch (name) {
                case "id" -> 1;
                case "subscriptionId" -> 2;
                case "meterId" -> 4;
                case "quantity" -> 8;
                case "usageTime" -> 16;
                default -> 0;
            };
            if ((seen & field) != 0) {
                return null;
            }
            seen |= field;
            switch (field) {
                case 1 -> id = value;
                case 2 -> subscriptionId = value;
                case 4 -> meterId = value;
                case 8 -> quantity = value;
                case 16 -> usageTime = value;
                default -> {
                    if (unknownNames == null) {
                        unknownNames = new ArrayList<>(2);
                        unknown = name;
                    } else if (unknownNames.contains(name)) {
                        return null;
                    }
                    unknownNames.add(name);
                }
            }
        }
        return UsageRules.read(unknown, id, subscriptionId, meterId, quantity, usageTime);
    }
}
