package io.opencredit.billing.domain;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.opencredit.events.ExternalDecimal;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * JSON from outside read without ever turning a number into a {@link java.math.BigDecimal} or double
 * (SPEC O6): a number is kept as the text the parser saw ({@link NumberText}), which only
 * {@link Decimals} reads, through the one external decimal reader. Jackson's own trees call
 * {@code getDecimalValue()} on every number, so {@code 1E+999999999} is built before any rule can
 * look at it; these trees hold such a number as its 12 characters.
 *
 * <p>A field value as the rules take it ({@link #value(JsonNode)}) is null (absent), the text of a
 * JSON string, a {@link NumberText}, or the node of any other JSON value.
 */
public final class JsonInput {

    private JsonInput() {
    }

    /** The raw text of a JSON number token, as sent; written back as the same number. */
    public record NumberText(String text) implements JsonSerializable {

        @Override
        public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeNumber(text);
        }

        @Override
        public void serializeWithType(JsonGenerator generator, SerializerProvider provider, TypeSerializer typeSer) throws IOException {
            serialize(generator, provider);
        }
    }

    /**
     * The tree of one JSON value in {@code json}, numbers as {@link NumberText}; throws the parser's
     * exception for what is not JSON (the mapper's features apply: a repeated field fails) and for
     * anything after the value. Null for input without any token.
     */
    public static JsonNode readTree(ObjectMapper mapper, byte[] json) throws IOException {
        return readTree(mapper.reader(), json);
    }

    /** As {@link #readTree(ObjectMapper, byte[])}, with the parser features of {@code reader}. */
    public static JsonNode readTree(ObjectReader reader, byte[] json) throws IOException {
        try (JsonParser parser = reader.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode tree = read(parser);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "trailing token after the JSON value: " + parser.currentToken());
            }
            return tree;
        }
    }

    /** The tree of the value at the parser's current token, which it leaves on the value's last token. */
    public static JsonNode read(JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    parser.nextToken();
                    object.set(name, read(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return nodes.pojoNode(new NumberText(parser.getText()));
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new JsonParseException(parser, "unexpected JSON token " + token);
        }
    }

    /** The value of the parser's current token as the rules take it (see the class comment). */
    public static Object readValue(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberText(parser.getText());
            default -> read(parser);
        };
    }

    /**
     * A copy of {@code tree} that Jackson can handle as any tree (to hash or store it): each number the
     * one decimal reader accepts becomes the factory's number node (as Jackson's own tree held it), each
     * other number the string of its text, which nothing will parse ({@code 341E-2147483648} made
     * Jackson throw while copying a tree with it as a number).
     */
    public static JsonNode withSafeNumbers(JsonNode tree, JsonNodeFactory nodes) {
        if (tree instanceof POJONode pojo && pojo.getPojo() instanceof NumberText number) {
            String text = number.text();
            if (!ExternalDecimal.isValid(text)) {
                return nodes.textNode(text);
            }
            // the node Jackson's own tree held: an integer node ("50"), or a decimal without trailing zeros ("1.50" as 1.5)
            return text.indexOf('.') < 0 ? nodes.numberNode(Long.parseLong(text)) : nodes.numberNode(new BigDecimal(text).stripTrailingZeros());
        }
        if (tree instanceof ObjectNode object) {
            ObjectNode copy = nodes.objectNode();
            object.properties().forEach(field -> copy.set(field.getKey(), withSafeNumbers(field.getValue(), nodes)));
            return copy;
        }
        if (tree instanceof ArrayNode array) {
            ArrayNode copy = nodes.arrayNode(array.size());
            array.forEach(element -> copy.add(withSafeNumbers(element, nodes)));
            return copy;
        }
        return tree;
    }

    /** A field's node as the rules take it: null if absent, a string's text, a number's text, or the node. */
    public static Object value(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof NumberText number) {
            return number;
        }
        return node;
    }
}
