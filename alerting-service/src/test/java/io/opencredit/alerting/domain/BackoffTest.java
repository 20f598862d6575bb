package io.opencredit.alerting.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doubles_per_attempt_up_to_the_cap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(15));
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(15));
    }
}
