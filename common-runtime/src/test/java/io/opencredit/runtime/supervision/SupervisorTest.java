package io.opencredit.runtime.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The supervisor of background loops (SPEC O4), on its own: restarts, backoff, the counter, stalls and liveness. */
class SupervisorTest {

    private static final Duration STALL = Duration.ofSeconds(60);

    /** Monotonic time that a test can move forward instead of waiting. */
    private final AtomicLong skipped = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Supervisor supervisor = new Supervisor(settings(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(5)),
            registry, () -> System.nanoTime() + skipped.get());

    @AfterEach
    void stop() {
        supervisor.stopAll();
    }

    private void skip(Duration duration) {
        skipped.addAndGet(duration.toNanos());
    }

    private double counted(String loop) {
        return registry.get("opencredit.loop.restarts").tag("loop", loop).counter().count();
    }

    /** A body that beats until stopped. */
    private static void beatUntilStopped(Loop loop) {
        while (loop.running()) {
            loop.beat();
            loop.pause(Duration.ofMillis(5));
        }
    }

    @Test
    void O4_a_loop_that_throws_an_error_is_restarted_and_counted() {
        AtomicInteger lives = new AtomicInteger();
        Loop loop = supervisor.start("probe", STALL, l -> {
            if (lives.incrementAndGet() == 1) {
                throw new StackOverflowError("a dying thread");
            }
            beatUntilStopped(l);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> lives.get() == 2 && loop.isRunning());
        assertThat(loop.restarts()).isEqualTo(1);
        assertThat(counted("probe")).isEqualTo(1.0);
        assertThat(supervisor.problems()).isEmpty();
    }

    @Test
    void O4_a_loop_that_throws_a_runtime_exception_or_returns_is_restarted_and_counted() {
        AtomicInteger lives = new AtomicInteger();
        Loop loop = supervisor.start("probe", STALL, l -> {
            int life = lives.incrementAndGet();
            if (life == 1) {
                throw new IllegalStateException("a bug");
            }
            if (life == 2) {
                return; // ended although the service runs
            }
            beatUntilStopped(l);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> lives.get() == 3 && loop.isRunning());
        assertThat(loop.restarts()).isEqualTo(2);
        assertThat(counted("probe")).isEqualTo(2.0);
    }

    @Test
    void O4_restarts_back_off_exponentially_up_to_a_cap() {
        assertThat(List.of(1, 2, 3, 4, 10, 1000).stream()
                .map(n -> Supervisor.backoff(n, Duration.ofMillis(100), Duration.ofSeconds(30)).toMillis()).toList())
                .containsExactly(100L, 200L, 400L, 800L, 30_000L, 30_000L);

        List<Long> starts = new CopyOnWriteArrayList<>();
        supervisor.start("failing", STALL, l -> {
            starts.add(System.nanoTime());
            throw new Error("always");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> starts.size() >= 6);
        // pauses of 20, 40, 80, 80, 80 ms (each at least that; scheduling only adds)
        long[] expected = {20, 40, 80, 80, 80};
        for (int i = 0; i < expected.length; i++) {
            long gapMillis = Duration.ofNanos(starts.get(i + 1) - starts.get(i)).toMillis();
            assertThat(gapMillis).as("pause before restart %d", i + 1).isGreaterThanOrEqualTo(expected[i]);
        }
        long fourth = Duration.ofNanos(starts.get(4) - starts.get(3)).toMillis();
        assertThat(fourth).as("capped, not 160 ms").isLessThan(160);
    }

    @Test
    void O4_the_backoff_starts_again_after_a_healthy_life() {
        AtomicInteger lives = new AtomicInteger();
        CountDownLatch fifth = new CountDownLatch(1);
        Loop loop = supervisor.start("probe", STALL, l -> {
            int life = lives.incrementAndGet();
            if (life == 4) {
                skip(Duration.ofSeconds(6)); // this life lasts longer than healthy-after (5 s)
            }
            if (life == 5) {
                fifth.countDown();
                beatUntilStopped(l);
                return;
            }
            throw new Error("life " + life);
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> fifth.getCount() == 0);
        assertThat(loop.failuresInRow).as("the failure after a healthy life is the first of a new row").isEqualTo(1);
    }

    @Test
    void O4_liveness_names_a_loop_whose_beat_is_older_than_its_stall_bound() {
        CountDownLatch release = new CountDownLatch(1);
        supervisor.start("stuck", STALL, l -> {
            l.beat();
            release.await(); // e.g. a call that never returns
        });
        supervisor.start("fine", STALL, SupervisorTest::beatUntilStopped);
        SupervisionLiveness liveness = new SupervisionLiveness(supervisor);
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.loops().stream().allMatch(Loop::isRunning));
        assertThat(liveness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        skip(STALL.plusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !supervisor.problems().containsKey("fine") && supervisor.problems().containsKey("stuck"));
        HealthCheckResponse down = liveness.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData().orElseThrow()).containsEntry("failing", "stuck");
        assertThat(down.getData().orElseThrow().get("stuck").toString()).startsWith("stalled");
        release.countDown();
    }

    @Test
    void O4_liveness_names_a_loop_that_cannot_run() {
        supervisor.start("broken", STALL, l -> {
            throw new NoClassDefFoundError("a missing dependency");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.find("broken").orElseThrow().restarts() >= 2);
        assertThat(supervisor.problems()).as("a few restarts are not yet a loop that cannot run").isEmpty();
        skip(STALL.plusSeconds(1));
        assertThat(supervisor.problems()).containsKey("broken");
        assertThat(supervisor.problems().get("broken")).startsWith("cannot run");
    }

    @Test
    void O4_an_injected_error_is_thrown_inside_the_loop_by_its_next_beat_and_the_loop_comes_back() {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        Loop loop = supervisor.start("probe", STALL, l -> {
            try {
                beatUntilStopped(l);
            } catch (Error e) {
                seen.add(e);
                throw e;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(loop::isRunning);
        supervisor.injectError("probe");
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.restarts() == 1 && loop.isRunning());
        assertThat(seen).singleElement().extracting(Throwable::getMessage).isEqualTo("injected by test");
    }

    @Test
    void O4_out_of_memory_is_not_survived_and_liveness_names_the_loop() {
        AtomicInteger lives = new AtomicInteger();
        Loop loop = supervisor.start("hungry", STALL, l -> {
            lives.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.problems().containsKey("hungry"));
        assertThat(lives.get()).isEqualTo(1);
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void O4_a_failing_scheduled_job_is_counted_and_named_until_a_run_passes() {
        PeriodicJob job = supervisor.periodic("purge", Duration.ofMinutes(1));
        assertThat(supervisor.periodic("purge", Duration.ofMinutes(1))).as("one job per name").isSameAs(job);
        job.run(() -> {
            throw new IllegalStateException("database away");
        });
        supervisor.injectError("purge");
        AtomicInteger ran = new AtomicInteger();
        job.run(ran::incrementAndGet);
        assertThat(ran.get()).as("the injected error ends the run before its body").isZero();
        assertThat(counted("purge")).isEqualTo(2.0);
        assertThat(job.loop().isRunning()).isFalse();

        skip(Duration.ofMinutes(1).plus(settings(Duration.ZERO, Duration.ZERO, Duration.ZERO).periodicRunAllowance()).plusSeconds(1));
        assertThat(supervisor.problems()).containsKey("purge");
        job.run(ran::incrementAndGet);
        assertThat(ran.get()).isEqualTo(1);
        assertThat(supervisor.problems()).isEmpty();
        assertThat(job.loop().isRunning()).isTrue();
    }

    @Test
    void stopping_ends_every_loop_without_restarting_or_counting_it() throws InterruptedException {
        Loop sleeper = supervisor.start("sleeper", STALL, l -> {
            while (l.running()) {
                l.beat();
                Thread.sleep(60_000); // woken by the interrupt
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(sleeper::isRunning);
        supervisor.stopAll();
        sleeper.thread.join(5_000);
        assertThat(sleeper.thread.isAlive()).isFalse();
        assertThat(sleeper.restarts()).isZero();
        assertThat(supervisor.problems()).isEmpty();
    }

    static SupervisionConfig settings(Duration initial, Duration max, Duration healthyAfter) {
        return new SupervisionConfig() {
            @Override
            public Duration initialBackoff() {
                return initial;
            }

            @Override
            public Duration maxBackoff() {
                return max;
            }

            @Override
            public Duration healthyAfter() {
                return healthyAfter;
            }

            @Override
            public Duration consumerStall() {
                return STALL;
            }

            @Override
            public Duration relayStall() {
                return STALL;
            }

            @Override
            public Duration clockStall() {
                return STALL;
            }

            @Override
            public Duration periodicRunAllowance() {
                return Duration.ofMinutes(10);
            }
        };
    }
}
