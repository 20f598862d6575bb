package io.opencredit.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.billing.domain.JsonInput;
import io.opencredit.billing.domain.UsageRecord;
import io.opencredit.billing.domain.UsageRules;
import io.opencredit.runtime.api.JsonCustomizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reading of POST /usage bodies: each record meets the rules (SPEC T3, M1, §5) with the same
 * outcome and message as when the body was read as a tree, bad records are reported alone by index,
 * and bodies that are not a batch fail with the exception the tree reading threw (with its path).
 */
class UsageBatchReaderTest {

    private static final String SUB = "6f1c1a0e-2b1d-4c1e-9f00-0123456789ab";
    private static final String AT = "2026-03-01T11:00:00Z";

    /** The application's mapper as the API configures it (Jackson fails on unknown properties by default). */
    private static final ObjectMapper MAPPER = mapper();
    private final UsageBatchReader reader = new UsageBatchReader(MAPPER);

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonCustomizer().customize(mapper);
        return mapper;
    }

    private static byte[] body(String json) {
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String record(String id, String quantity) {
        return "{'id':'" + id + "','subscriptionId':'" + SUB + "','meterId':'vm-b1s-linux','quantity':" + quantity + ",'usageTime':'" + AT + "'}";
    }

    private static String batch(String... records) {
        return "{'records':[" + String.join(",", records) + "]}";
    }

    /** What the reader gives for a body that holds records. */
    private List<UsageRecord> streamed(String json) throws Exception {
        List<UsageRecord> records = reader.records(body(json));
        assertThat(records).as("records of " + json).isNotNull();
        return records;
    }

    /**
     * What a tree reading gives (the reference): the body as a JSON tree, each record read by UsageRules
     * from its node. The tree keeps numbers as their text ({@link JsonInput}, O6): Jackson's own tree
     * would turn {@code 1e3} into 1000 before the rules could see the exponent.
     */
    private List<UsageRecord> asTree(String json) throws Exception {
        List<UsageRecord> records = new ArrayList<>();
        for (JsonNode record : JsonInput.readTree(MAPPER, body(json)).get("records")) {
            records.add(UsageRules.read(record));
        }
        return records;
    }

    private static List<String> outcomes(List<UsageRecord> records) {
        List<String> outcomes = new ArrayList<>();
        for (UsageRecord record : records) {
            outcomes.add(record.usage() != null ? "ok " + record.usage()
                    : record.problem().slug() + " id=" + record.id() + ": " + record.problem().getMessage());
        }
        return outcomes;
    }

    @Test
    void T3_every_record_meets_the_same_rules_and_messages_as_read_from_a_tree() throws Exception {
        List<String> records = List.of(
                record("a", "'1.5'"), record("b", "'1.50'"), record("c", "1.50"), record("d", "1.12345670"), record("e", "'1.1234567'"),
                record("f", "-1.50"), record("g", "'-1'"), record("h", "1e3"), record("i", "1E-7"), record("j", "'1e3'"), record("k", "' 1.5 '"),
                record("l", "true"), record("m", "null"), record("n", "'abc'"), record("o", "'1000000000000000000'"), record("p", "1e18"),
                record("q", "123456789012345678901"), record("r", "-0.0"), record("s", "0"), record("t", "'" + "9".repeat(60) + "'"),
                "{'subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':null,'subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':5,'subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'a b','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'" + "x".repeat(256) + "','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'\\u00e9','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':'" + SUB.toUpperCase() + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':'1-1-1-1-1','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':7,'meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':'" + SUB + "','meterId':false,'quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':'" + SUB + "','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':'" + SUB + "','meterId':'m','usageTime':'" + AT + "'}",
                "{'id':'u','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1'}",
                "{'id':'u','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':5}",
                "{'id':'u','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'yesterday'}",
                "{'id':'u','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'2026-03-01T12:00:00+01:00'}",
                "{'usageTime':5,'quantity':true,'meterId':1,'subscriptionId':2,'id':'order'}",
                "{'x':1,'id':'u','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{'id':'u','y':null,'z':'2','subscriptionId':'" + SUB + "','meterId':'m','quantity':'1','usageTime':'" + AT + "'}",
                "{}");
        String json = batch(records.toArray(String[]::new));
        List<UsageRecord> streamed = streamed(json);
        assertThat(outcomes(streamed)).hasSize(records.size()).isEqualTo(outcomes(asTree(json)));
        assertThat(streamed.get(0).usage().quantity()).isEqualByComparingTo("1.5");
    }

    @Test
    void T3_a_bad_record_is_reported_alone_with_its_index_and_id() throws Exception {
        List<UsageRecord> records = streamed(batch(record("good-1", "'1'"), "{'id':'bad','subscriptionId':'" + SUB
                + "','meterId':'m','quantity':'1','usageTime':'" + AT + "','extra':1}", record("good-2", "'2'")));
        assertThat(records).hasSize(3);
        assertThat(records.get(0).usage()).isNotNull();
        assertThat(records.get(1).usage()).isNull();
        assertThat(records.get(1).id()).isEqualTo("bad");
        assertThat(records.get(1).problem().slug()).isEqualTo("unknown-field");
        assertThat(records.get(1).problem().getMessage()).startsWith("unknown field 'extra'; known fields: [");
        assertThat(records.get(2).usage().id()).isEqualTo("good-2");
    }

    @Test
    void T3_a_record_that_is_not_an_object_is_refused_alone() throws Exception {
        List<UsageRecord> records = reader.records(body(batch("1", "'text'", "null", "[1]", record("good", "'1'"))));
        assertThat(records).hasSize(5);
        for (int i = 0; i < 4; i++) {
            assertThat(records.get(i).problem().slug()).as("record " + i).isEqualTo("invalid-usage-record");
            assertThat(records.get(i).id()).isNull();
        }
        assertThat(records.get(4).usage()).isNotNull();
    }

    @Test
    void T3_a_record_holding_an_object_or_array_has_the_same_outcome_as_read_from_a_tree() throws Exception {
        String json = batch(record("a", "'1'"), "{'id':{'x':[1]},'subscriptionId':'" + SUB + "'}", "{'id':'b','q':[{'deep':null}]}");
        List<UsageRecord> records = reader.records(body(json));
        assertThat(outcomes(records)).containsExactly(outcomes(asTree(json)).toArray(String[]::new));
        assertThat(records.get(1).problem().getMessage()).isEqualTo("id must be a string");
        assertThat(records.get(2).problem().slug()).isEqualTo("unknown-field");
    }

    @Test
    void M1_quantities_may_be_json_numbers_and_are_read_exactly() throws Exception {
        List<UsageRecord> records = streamed(batch(record("a", "0.1"), record("b", "2.50"), record("c", "12345678901234567.123456")));
        assertThat(records.get(0).usage().quantity()).isEqualTo("0.1");
        assertThat(records.get(1).usage().quantity()).isEqualTo("2.5");
        assertThat(records.get(2).usage().quantity()).isEqualTo("12345678901234567.123456");
    }

    @Test
    void a_repeated_field_sinks_the_batch_as_the_tree_reading_did() {
        // in a record: a mapping error at the record's path (400 invalid-value)
        for (String json : List.of(batch(record("a", "'1'"), "{'id':'x','id':'y'}"), batch("{'id':'x','u':1,'u':2}"),
                batch("{'id':'x','u':{'a':1,'a':2}}"))) {
            assertThatThrownBy(() -> reader.records(body(json))).as(json)
                    .isInstanceOf(JsonMappingException.class).hasMessageContaining("Duplicate field")
                    .satisfies(e -> assertThat(path(e)).startsWith("records["));
        }
        // in the body: malformed JSON (400 malformed-json)
        assertThatThrownBy(() -> reader.records(body("{'records':[],'records':[]}")))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'records'");
    }

    @Test
    void a_body_that_is_not_json_fails_as_the_tree_reading_did_with_its_path() {
        assertThatThrownBy(() -> reader.records(body("{"))).isInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> reader.records(body(batch(record("a", "'1'"), "{'id': x}"))))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("Unrecognized token 'x'")
                .satisfies(e -> assertThat(path(e)).isEqualTo("records[1]"));
        assertThatThrownBy(() -> reader.records(body("{'records':[" + record("a", "'1'") + "]} x")))
                .isExactlyInstanceOf(JsonParseException.class);
        assertThatThrownBy(() -> reader.records(body("{'records':[" + record("a", "'1'") + "]} {}")))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void a_batch_with_another_field_or_shape_is_refused_whole() {
        assertThatThrownBy(() -> reader.records(body("{'records':[" + record("a", "'1'") + "],'extra':1}")))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> reader.records(body("{'records':'x'}"))).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> reader.records(body("[]"))).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void a_body_without_records_has_none_to_read_and_an_empty_array_has_zero() throws Exception {
        for (String json : List.of("", "  \n", "null", "{}", "{'records':null}")) {
            assertThat(reader.records(body(json))).as("'" + json + "'").isNull();
        }
        assertThat(reader.records(body("{'records':[]}"))).isEmpty();
    }

    @Test
    void O6_the_batch_limit_holds_while_reading_the_record_after_it_stops_the_read() throws Exception {
        StringBuilder json = new StringBuilder("{'records':[");
        for (int i = 0; i < 1000; i++) {
            json.append(i == 0 ? "" : ",").append(i % 2 == 0 ? "7" : record("r" + i, "'1'"));
        }
        String full = json + "]}";
        assertThat(reader.records(body(full), 1000)).hasSize(1000);
        // record 1,001 is not read: what follows it may even be broken JSON
        String over = json + ",{}, this is never read";
        assertThatThrownBy(() -> reader.records(body(over), 1000)).isInstanceOf(UsageBatchReader.BatchTooLarge.class)
                .hasMessageContaining("at most 1000 records");
    }

    @Test
    void O6_a_million_empty_records_cost_the_first_thousand_only() {
        byte[] million = ("{\"records\":[{}" + ",{}".repeat(999_999) + "]}").getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        assertThatThrownBy(() -> reader.records(million, 1000)).isInstanceOf(UsageBatchReader.BatchTooLarge.class);
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    @Test
    void O6_a_hostile_number_in_a_record_is_refused_alone_without_being_built() throws Exception {
        List<UsageRecord> records = streamed(batch(record("a", "1e-999999999"), record("b", "1E+999999999"), record("c", "9".repeat(1000)),
                record("d", "'1e-999999999'"), record("e", "-0"), record("f", "'\u0661'"), record("g", "1.5")));
        assertThat(records).hasSize(7);
        for (int i = 0; i < 6; i++) {
            assertThat(records.get(i).problem()).as("record " + i).isNotNull();
            assertThat(records.get(i).problem().getMessage()).hasSizeLessThan(300);
        }
        assertThat(records.get(6).usage().quantity()).isEqualByComparingTo("1.5");
        // what an Idempotency-Key remembers holds a refused number as its text, a good one as the number Jackson's tree held
        JsonNode request = reader.requestOf(body(batch(record("a", "1e-999999999"), record("b", "341E-2147483648"), record("c", "1.50"))));
        assertThat(request.at("/records/0/quantity").isTextual()).isTrue();
        assertThat(request.at("/records/1/quantity").textValue()).isEqualTo("341E-2147483648");
        assertThat(request.at("/records/2/quantity")).isEqualTo(MAPPER.readTree(body(batch(record("c", "1.50")))).at("/records/0/quantity"));
        assertThat(MAPPER.valueToTree(request).toString()).contains("341E-2147483648"); // the hash's copy does not parse it
        // good numbers are written as Jackson's own tree wrote them, so the keys stored before keep their hashes
        String good = batch(record("d", "50"), record("e", "1.50"), record("f", "0"), record("g", "'7'"), record("h", "10.0"),
                record("i", "-12.000100"), record("j", "999999999999999999.999999"));
        assertThat(MAPPER.writeValueAsString(reader.requestOf(body(good)).get("records")))
                .isEqualTo(MAPPER.writeValueAsString(MAPPER.readTree(body(good)).get("records")));
    }

    /** The path the problem mappers print ("records[1]"). */
    private static String path(Throwable e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : ((JsonMappingException) e).getPath()) {
            path.append(ref.getFieldName() != null ? (path.length() == 0 ? "" : ".") + ref.getFieldName() : "[" + ref.getIndex() + "]");
        }
        return path.toString();
    }
}
