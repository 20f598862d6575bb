package io.opencredit.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.runtime.api.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterIdTest {

    @Test
    void O7_an_id_names_topic_partition_and_offset_and_fits_a_path_segment() {
        DeadLetterId id = new DeadLetterId("billing.usage-intake.dlq", 2, 12345L);
        String encoded = id.encoded();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(DeadLetterId.parse(encoded)).isEqualTo(id);
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo("billing.usage-intake.dlq:2:12345");
    }

    @Test
    void O7_anything_else_is_an_unknown_dead_letter() {
        for (String bad : new String[] {"", "not base64!", encode("ledger.events:0:1"), encode("x.dlq:-1:0"), encode("x.dlq:0:abc"),
                encode("x.dlq"), "A".repeat(401)}) {
            assertThatThrownBy(() -> DeadLetterId.parse(bad)).as(bad).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(404));
        }
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
