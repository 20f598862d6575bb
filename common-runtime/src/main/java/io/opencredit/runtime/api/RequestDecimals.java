package io.opencredit.runtime.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.opencredit.events.ExternalDecimal;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * A decimal field a resource reads itself (SPEC O6, M1), to answer each refusal with its own problem:
 * the field is declared as the raw text ({@link Text}: a JSON string's text or a JSON number's token
 * text) and {@link #parse} reads it with {@link ExternalDecimal}. More than 6 fraction digits is the
 * rule M1 (422); anything else that is not a plain decimal below 10^18 is a bad value (400).
 */
public final class RequestDecimals {

    private RequestDecimals() {
    }

    /** The decimal of {@code text}; throws the {@link ProblemException} of a missing or refused value, naming {@code field}. */
    public static BigDecimal parse(String text, String field) {
        if (text == null) {
            throw ProblemException.badRequest("invalid-value", field + " is required");
        }
        ExternalDecimal.Problem problem = ExternalDecimal.problem(text);
        if (problem == null) {
            return new BigDecimal(text);
        }
        String reason = field + " " + ExternalDecimal.describe(problem, text);
        throw problem == ExternalDecimal.Problem.TOO_MANY_FRACTION_DIGITS
                ? ProblemException.unprocessable("M1-too-many-fraction-digits", reason)
                : ProblemException.badRequest("invalid-value", reason);
    }

    /** Reads a JSON string or number as its raw text, never as a number; anything else is a wrong type (400). */
    public static final class Text extends StdScalarDeserializer<String> {

        private static final long serialVersionUID = 1L;

        public Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return parser.getText();
            }
            return (String) context.handleUnexpectedToken(String.class, parser);
        }
    }
}
