package io.opencredit.runtime.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.opencredit.events.Money;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The HTTP API's JSON rules: amounts and quantities are written as strings (SPEC M1) and never
 * read through a double; no silent coercion of strings to booleans or integers, or of floats to integers.
 * Decimals may arrive as strings or numbers; both are read exactly, from their raw text, by the one
 * external decimal reader (SPEC O6, {@link ExternalDecimalDeserializer}). The parser's limits are set
 * here rather than left to Jackson's default of the day: a number token longer than
 * {@value #MAX_NUMBER_LENGTH} characters fails while parsing (400), before any value is built.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    /** Jackson 2.21's default, stated: the longest decimal the suite accepts has 26 characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule decimals = new SimpleModule("opencredit-api-decimals");
        decimals.addDeserializer(BigDecimal.class, new ExternalDecimalDeserializer());
        decimals.addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Money.plain(value));
            }
        });
        mapper.registerModule(decimals);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build());
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
}
