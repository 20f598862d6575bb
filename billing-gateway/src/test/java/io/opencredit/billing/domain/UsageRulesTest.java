package io.opencredit.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opencredit.events.Lexical;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UsageRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final UUID SUB = UUID.fromString("6f1c1a0e-2b1d-4c1e-9f00-0123456789ab");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static JsonNode record(String quantity) throws Exception {
        return json("{'id':'u1','subscriptionId':'" + SUB + "','meterId':'m','quantity':" + quantity + ",'usageTime':'2026-03-01T11:00:00Z'}");
    }

    private static SubscriptionInfo subscription(Instant createdAt) {
        return new SubscriptionInfo(SUB, "USD", "NO", createdAt, Set.of(), null, null, null, null, null);
    }

    private static UsageInput usageAt(Instant at) {
        return new UsageInput("u1", SUB, "m", BigDecimal.ONE, at);
    }

    @Test
    void M1_quantities_are_exact_decimals_with_at_most_six_fraction_digits() throws Exception {
        assertThat(UsageRules.parse(record("'1.123456'")).quantity()).isEqualByComparingTo("1.123456");
        assertThat(UsageRules.parse(record("0.1")).quantity()).isEqualByComparingTo("0.1");
        assertThat(UsageRules.parse(record("'2.500000'")).quantity()).isEqualByComparingTo("2.5");
        // O6: more than 6 fraction digits are refused as written, trailing zeros included
        assertThatThrownBy(() -> UsageRules.parse(record("'2.5000000'"))).isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).slug()).isEqualTo("M1-too-many-fraction-digits");
        assertThatThrownBy(() -> UsageRules.parse(record("'1.1234567'"))).isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).slug()).isEqualTo("M1-too-many-fraction-digits");
        assertThatThrownBy(() -> UsageRules.parse(record("'-1'"))).hasMessageContaining("negative");
        assertThatThrownBy(() -> UsageRules.parse(record("'1e3'"))).hasMessageContaining("decimal");
        assertThatThrownBy(() -> UsageRules.parse(record("'abc'"))).hasMessageContaining("decimal");
        assertThatThrownBy(() -> UsageRules.parse(record("true"))).hasMessageContaining("decimal");
        assertThatThrownBy(() -> UsageRules.parse(record("'1000000000000000000'"))).isInstanceOf(InvalidInput.class);
    }

    @Test
    void T5_the_content_hash_ignores_spelling_but_not_content() throws Exception {
        byte[] a = UsageRules.parse(record("'1.50'")).contentHash();
        byte[] b = UsageRules.parse(record("1.5")).contentHash();
        byte[] c = UsageRules.parse(record("'1.51'")).contentHash();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void ids_are_one_to_255_visible_characters_and_unknown_fields_are_refused() throws Exception {
        assertThatThrownBy(() -> UsageRules.parse(json("{'id':'a b','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'2026-03-01T11:00:00Z'}")))
                .hasMessageContaining("visible");
        assertThatThrownBy(() -> UsageRules.parse(json("{'id':'" + "x".repeat(256) + "','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'2026-03-01T11:00:00Z'}")))
                .hasMessageContaining("255");
        assertThatThrownBy(() -> UsageRules.parse(json("{'id':'a','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'2026-03-01T11:00:00Z','x':1}")))
                .extracting(e -> ((InvalidInput) e).slug()).isEqualTo("unknown-field");
        assertThatThrownBy(() -> UsageRules.parse(json("{'id':'a','subscriptionId':'1-1-1-1-1','meterId':'m','quantity':'1','usageTime':'2026-03-01T11:00:00Z'}")))
                .hasMessageContaining("UUID");
        assertThatThrownBy(() -> UsageRules.parse(json("{'id':'a','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'yesterday'}")))
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void T6_usage_more_than_five_minutes_ahead_is_refused() {
        SubscriptionInfo s = subscription(NOW.minus(Duration.ofDays(1)));
        assertThat(UsageRules.refusal(usageAt(NOW.plus(Duration.ofMinutes(5))), s, NOW, Duration.ofHours(72))).isEmpty();
        assertThat(UsageRules.refusal(usageAt(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)), s, NOW, Duration.ofHours(72)))
                .get().extracting(InvalidInput::slug).isEqualTo("T6-usage-in-the-future");
    }

    @Test
    void T6_usage_older_than_the_lateness_is_refused() {
        SubscriptionInfo s = subscription(NOW.minus(Duration.ofDays(10)));
        assertThat(UsageRules.refusal(usageAt(NOW.minus(Duration.ofHours(72))), s, NOW, Duration.ofHours(72))).isEmpty();
        assertThat(UsageRules.refusal(usageAt(NOW.minus(Duration.ofHours(72)).minusMillis(1)), s, NOW, Duration.ofHours(72)))
                .get().extracting(InvalidInput::slug).isEqualTo("T6-usage-too-late");
    }

    @Test
    void T6_usage_before_the_subscription_existed_is_refused() {
        SubscriptionInfo s = subscription(NOW.minus(Duration.ofHours(1)));
        assertThat(UsageRules.refusal(usageAt(NOW.minus(Duration.ofHours(1))), s, NOW, Duration.ofHours(72))).isEmpty();
        assertThat(UsageRules.refusal(usageAt(NOW.minus(Duration.ofHours(1)).minusSeconds(1)), s, NOW, Duration.ofHours(72)))
                .get().extracting(InvalidInput::slug).isEqualTo("T6-usage-before-subscription");
    }

    @Test
    void the_fast_reading_of_utc_usage_times_agrees_with_offset_date_time_parse() {
        String[] texts = {"2026-03-01T11:00:00Z", "2026-03-01T11:00:00.5Z", "2026-03-01T11:00:00.123456789Z",
                "2024-02-29T23:59:59.000001Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2026-02-29T11:00:00Z", "2026-02-30T11:00:00Z", "2026-13-01T11:00:00Z", "2026-03-01T24:00:00Z",
                "2026-03-01T11:60:00Z", "2026-03-01T11:00:60Z", "2026-03-01T11:00:00.Z", "2026-03-01T11:00:00.1234567890Z",
                "2026-03-01t11:00:00z", "2026-03-01T11:00Z", "2026-03-01T11:00:00+01:00", "2026-03-01 11:00:00Z",
                "+2026-03-01T11:00:00Z", "2026-3-01T11:00:00Z", "2026-03-01T11:00:0xZ", "2026-03-01T11:00:00.1x3Z"};
        for (String text : texts) {
            Instant expected;
            try {
                expected = java.time.OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            Instant fast = Lexical.utcInstant(text);
            if (fast != null) { // null: left to OffsetDateTime.parse
                assertThat(fast).as(text).isEqualTo(expected);
            }
        }
        assertThat(Lexical.utcInstant("2026-03-01T11:00:00.123Z")).isEqualTo(Instant.parse("2026-03-01T11:00:00.123Z"));
    }

    @Test
    void T5_the_content_hash_is_the_sha256_of_the_canonical_text_logged_before() throws Exception {
        // entries logged before V3 hold this hash (as hex): the canonical text must not change
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                .digest((SUB + "\nm\n1.5\n2026-03-01T11:00:00Z").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(UsageRules.parse(record("'1.500'")).contentHash()).isEqualTo(expected);
    }

    @Test
    void the_hand_written_checks_agree_with_the_regular_expressions_they_replace() {
        java.util.regex.Pattern uuid = java.util.regex.Pattern.compile(
                "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        for (String text : new String[] {SUB.toString(), SUB.toString().toUpperCase(), "1-1-1-1-1", "",
                "6f1c1a0e-2b1d-4c1e-9f00-0123456789aG", "6f1c1a0e-2b1d-4c1e-9f00-0123456789a", "6f1c1a0e-2b1d-4c1e-9f00-0123456789abc",
                "6f1c1a0e+2b1d-4c1e-9f00-0123456789ab", "6f1c1a0e2b1d-4c1e-9f00--0123456789ab", "6f1c1a0e-2b1d-4c1e-9f00-0123456789a\u0661"}) {
            assertThat(Lexical.isCanonicalUuid(text)).as(text).isEqualTo(uuid.matcher(text).matches());
        }
        // the decimal check moved to common-events' ExternalDecimal (O6), whose property test compares it with its grammar
    }

    @Test
    void a_record_read_from_field_values_agrees_with_the_record_read_from_its_tree() throws Exception {
        UsageRecord fromTree = UsageRules.read(record("'2.50'"));
        UsageRecord fromValues = UsageRules.read(null, "u1", SUB.toString(), "m", "2.50", "2026-03-01T11:00:00Z");
        assertThat(fromValues).isEqualTo(fromTree);
        UsageRecord unknown = UsageRules.read("x", 5, null, null, null, null);
        assertThat(unknown.id()).isNull();
        assertThat(unknown.problem().slug()).isEqualTo("unknown-field");
        UsageRecord badQuantity = UsageRules.read(null, "u2", SUB.toString(), "m", JSON.getNodeFactory().booleanNode(true), "2026-03-01T11:00:00Z");
        assertThat(badQuantity.id()).isEqualTo("u2");
        assertThat(badQuantity.problem().getMessage()).isEqualTo("quantity must be a decimal string such as \"12.5\"");
    }
}
