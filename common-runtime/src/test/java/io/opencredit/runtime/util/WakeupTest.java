package io.opencredit.runtime.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeupTest {

    @Test
    void issue20_a_signal_that_came_while_the_worker_looked_for_work_is_not_lost() {
        Wakeup wakeup = new Wakeup();
        long seen = wakeup.generation();
        wakeup.signal(); // committed while the worker was reading an empty table
        assertThat(wakeup.await(seen, Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void issue20_a_waiting_worker_is_woken_by_a_signal() throws Exception {
        Wakeup wakeup = new Wakeup();
        long seen = wakeup.generation();
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> wakeup.await(seen, Duration.ofMinutes(1)));
        Thread.sleep(50);
        wakeup.signal();
        assertThat(woken.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void issue20_without_a_signal_the_wait_ends_at_its_bound() {
        Wakeup wakeup = new Wakeup();
        assertThat(wakeup.await(wakeup.generation(), Duration.ofMillis(20))).isFalse();
    }
}
