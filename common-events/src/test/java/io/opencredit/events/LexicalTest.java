package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written checks agree with the regular expressions and the ISO-8601 parser they stand in for. */
class LexicalTest {

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    @ParameterizedTest
    @ValueSource(strings = {"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0", "1-1-1-1-1",
            "0b1c2d3e4f5061728394a5b6c7d8e9f0", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9fg", "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f",
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f00", "0b1c2d3e_4f50-6172-8394-a5b6c7d8e9f0", "", " 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f"})
    void uuid_check_agrees_with_the_canonical_pattern(String text) {
        assertThat(Lexical.isCanonicalUuid(text)).isEqualTo(UUID_TEXT.matcher(text).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "12", "12.5", "-12.50", "0.000001", "12.", ".5", "-", "", "1e5", "1.2.3", "+1", "1 ",
            "١٢", "12a", "--1", "-.5"})
    void decimal_check_agrees_with_the_plain_decimal_pattern(String text) {
        assertThat(Lexical.isPlainDecimal(text)).isEqualTo(DECIMAL.matcher(text).matches());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31T12:00:00Z", "2026-01-31T12:00:00.5Z", "2026-01-31T12:00:00.123456789Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T00:00:00Z"})
    void the_usual_utc_spelling_reads_as_the_iso_parser_reads_it(String text) {
        assertThat(Lexical.utcInstant(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31T12:00:00+00:00", "2026-01-31t12:00:00z", "2026-01-31T12:00Z", "2026-02-31T12:00:00Z",
            "2026-01-31T24:00:00Z", "2026-12-31T23:59:60Z", "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00.1234567890Z",
            "+2026-01-31T12:00:00Z", "2026-1-31T12:00:00Z", "２０２６-01-31T12:00:00Z"})
    void anything_else_is_left_to_the_iso_parser(String text) {
        assertThat(Lexical.utcInstant(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-31T12:00:00Z", "2026-13-01T00:00:00Z", "2026-1-31T12:00:00Z"})
    void impossible_instants_are_still_refused_by_the_decoder(String occurredAt) {
        String json = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"CoAdministratorAdded\",\"version\":1,"
                + "\"subscriptionId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"" + occurredAt + "\",\"producer\":\"p\","
                + "\"causationId\":null,\"payload\":{\"email\":\"a@example.com\",\"addedBy\":\"b@example.com\"}}";
        assertThatThrownBy(() -> EventCodec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("occurredAt")
                .hasCauseInstanceOf(DateTimeParseException.class);
    }

    @org.junit.jupiter.api.Test
    void the_hand_written_instant_text_is_exactly_instant_to_string() {
        java.util.Random random = new java.util.Random(42);
        java.util.List<Instant> instants = new java.util.ArrayList<>(java.util.List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(-1, 500_000_000), Instant.parse("2026-03-01T11:00:00.001Z"),
                Instant.parse("2026-03-01T11:00:00.000001Z"), Instant.parse("2026-03-01T11:00:00.123456789Z")));
        for (int i = 0; i < 10_000; i++) {
            long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant instant : instants) {
            assertThat(Lexical.isoInstant(instant)).isEqualTo(instant.toString());
        }
    }
}
