package io.opencredit.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** F5: signatures exactly as Standard Webhooks 1.0, proven on the specification's published test vector. */
class StandardWebhooksTest {

    // the test vector of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks)
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant THEN = Instant.ofEpochSecond(TIMESTAMP);

    @Test
    void F5_the_service_signs_the_published_test_vector_exactly() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
        assertThat(StandardWebhooks.sign(SECRET.substring("whsec_".length()), ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void F5_the_tests_receiver_verifies_the_published_test_vector_and_nothing_else() {
        assertThat(ReceiverVerifier.verify(SECRET, ID, "1614265330", BODY, SIGNATURE, THEN)).isTrue();
        assertThat(ReceiverVerifier.verify(SECRET, ID, "1614265330", BODY, "v1,bad v2,x " + SIGNATURE, THEN)).isTrue();
        assertThat(ReceiverVerifier.verify(SECRET, ID, "1614265330", "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8),
                SIGNATURE, THEN)).isFalse();
        assertThat(ReceiverVerifier.verify(SECRET, "msg_other", "1614265330", BODY, SIGNATURE, THEN)).isFalse();
        assertThat(ReceiverVerifier.verify(SECRET, ID, "1614265331", BODY, SIGNATURE, THEN)).isFalse();
        assertThat(ReceiverVerifier.verify(SECRET, ID, "1614265330", BODY, SIGNATURE.replace("v1,", "v2,"), THEN)).isFalse();
        assertThat(ReceiverVerifier.verify(SECRET, ID, "1614265330", BODY, SIGNATURE, THEN.plusSeconds(301))).isFalse();
    }

    @Test
    void F5_a_rotation_overlap_sends_one_signature_per_secret_each_verifiable() {
        String old = StandardWebhooks.newSecret();
        String fresh = StandardWebhooks.newSecret();
        String header = StandardWebhooks.signatureHeader(List.of(fresh, old), ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2);
        assertThat(ReceiverVerifier.verify(old, ID, "1614265330", BODY, header, THEN)).isTrue();
        assertThat(ReceiverVerifier.verify(fresh, ID, "1614265330", BODY, header, THEN)).isTrue();
        assertThat(ReceiverVerifier.verify(StandardWebhooks.newSecret(), ID, "1614265330", BODY, header, THEN)).isFalse();
    }

    @Test
    void F5_secrets_are_whsec_and_a_32_byte_random_key() {
        String secret = StandardWebhooks.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(StandardWebhooks.newSecret()).isNotEqualTo(secret);
    }
}
