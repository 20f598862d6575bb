package io.opencredit.billing.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.opencredit.billing.domain.JsonInput;
import java.io.IOException;

/**
 * A request field whose value the gateway's rules read themselves ({@link JsonInput#readValue}): a
 * string's text, a number's raw text (never a {@code BigDecimal} Jackson built first, SPEC O6), or
 * the node of anything else.
 */
public final class RawValueDeserializer extends StdDeserializer<Object> {

    private static final long serialVersionUID = 1L;

    public RawValueDeserializer() {
        super(Object.class);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return JsonInput.readValue(parser);
    }
}
