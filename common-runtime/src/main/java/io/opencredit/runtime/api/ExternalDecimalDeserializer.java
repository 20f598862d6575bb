package io.opencredit.runtime.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.opencredit.events.ExternalDecimal;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Every {@link BigDecimal} of a request body (SPEC O6), from a JSON string or number, goes through
 * {@link ExternalDecimal}: the deserializer takes the token's raw text (a number's text as the
 * parser saw it, never {@code getDecimalValue()}, which would build {@code 1E+999999999} first) and
 * refuses with a 400 problem naming the field anything that is not a plain decimal within 18
 * integer and 6 fraction digits.
 */
public final class ExternalDecimalDeserializer extends StdScalarDeserializer<BigDecimal> {

    private static final long serialVersionUID = 1L;

    public ExternalDecimalDeserializer() {
        super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
        }
        String text = parser.getText();
        ExternalDecimal.Problem problem = ExternalDecimal.problem(text);
        if (problem != null) {
            throw JsonMappingException.from(parser, "the value " + ExternalDecimal.describe(problem, text));
        }
        return new BigDecimal(text);
    }
}
