package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PaymentSignatureTest {

    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] BODY = "{\"amount\":\"10.00\"}".getBytes(StandardCharsets.UTF_8);

    private static String reference(long t, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal((t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void S5_a_signature_over_t_dot_raw_body_is_accepted() throws Exception {
        String header = reference(NOW.getEpochSecond(), BODY);
        assertThat(header).isEqualTo(PaymentSignature.header(SECRET, NOW.getEpochSecond(), BODY));
        assertThat(PaymentSignature.problem(header, BODY, SECRET, List.of(NOW))).isNull();
    }

    @Test
    void S5_tampered_missing_malformed_or_stale_signatures_are_refused() throws Exception {
        long t = NOW.getEpochSecond();
        assertThat(PaymentSignature.problem(reference(t, BODY), "{\"amount\":\"99.00\"}".getBytes(StandardCharsets.UTF_8), SECRET, List.of(NOW))).isNotNull();
        assertThat(PaymentSignature.problem(null, BODY, SECRET, List.of(NOW))).isNotNull();
        assertThat(PaymentSignature.problem("v1=abc", BODY, SECRET, List.of(NOW))).isNotNull();
        assertThat(PaymentSignature.problem("garbage", BODY, SECRET, List.of(NOW))).isNotNull();
        assertThat(PaymentSignature.problem(reference(t - 301, BODY), BODY, SECRET, List.of(NOW))).contains("minutes");
        assertThat(PaymentSignature.problem(reference(t + 301, BODY), BODY, SECRET, List.of(NOW))).contains("minutes");
        assertThat(PaymentSignature.problem(reference(t - 300, BODY), BODY, SECRET, List.of(NOW))).isNull();
        assertThat(PaymentSignature.problem(reference(t, BODY), BODY, "other".getBytes(StandardCharsets.UTF_8), List.of(NOW))).isNotNull();
    }

    @Test
    void the_timestamp_may_match_either_the_wall_clock_or_the_suite_clock() throws Exception {
        Instant suite = NOW.plus(Duration.ofDays(30));
        assertThat(PaymentSignature.problem(reference(NOW.getEpochSecond(), BODY), BODY, SECRET, List.of(NOW, suite))).isNull();
        assertThat(PaymentSignature.problem(reference(suite.getEpochSecond(), BODY), BODY, SECRET, List.of(NOW, suite))).isNull();
    }
}
