package io.opencredit.runtime.supervision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Owns every background loop of the service (SPEC O4). A loop is registered by name and runs on a thread of its
 * own; when its body ends for any reason while the service runs, errors included, the failure is logged, counted
 * ({@code opencredit.loop.restarts{loop}}) and the body is started again after an exponential backoff (capped,
 * and from the start again after a healthy life). An {@code OutOfMemoryError} is not survived: the JVM runs with
 * {@code -XX:+ExitOnOutOfMemoryError} and ends; without it the loop is given up and liveness names it.
 * {@link SupervisionLiveness} fails naming every loop that cannot run or stopped beating.
 */
@ApplicationScoped
public class Supervisor {

    private static final Logger LOG = Logger.getLogger(Supervisor.class);

    private final SupervisionConfig config;
    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Loop> loops = new ConcurrentSkipListMap<>();
    private final Map<String, PeriodicJob> jobs = new ConcurrentHashMap<>();

    @Inject
    public Supervisor(SupervisionConfig config, MeterRegistry registry) {
        this(config, registry, System::nanoTime);
    }

    /** For tests: a clock to move instead of waiting. */
    Supervisor(SupervisionConfig config, MeterRegistry registry, LongSupplier nanoTime) {
        this.config = config;
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    public SupervisionConfig config() {
        return config;
    }

    /** Starts a loop on its own daemon thread ({@code opencredit-<name>}). */
    public Loop start(String name, Duration stallBound, SupervisedLoop body) {
        Loop loop = register(name, stallBound, false, body);
        Thread thread = new Thread(() -> supervise(loop), "opencredit-" + name);
        thread.setDaemon(true);
        loop.thread = thread;
        thread.start();
        return loop;
    }

    /**
     * The scheduled job of that name, registered at the first call (call it at start-up too, so that a job that never
     * runs is noticed); its {@code @Scheduled} method runs each period through {@link PeriodicJob#run}. It is stalled
     * when no run started or ended within {@code every} plus {@link SupervisionConfig#periodicRunAllowance()}.
     */
    public PeriodicJob periodic(String name, Duration every) {
        return jobs.computeIfAbsent(name, n -> new PeriodicJob(
                register(n, every.plus(config.periodicRunAllowance()), true, null), nanoTime));
    }

    private Loop register(String name, Duration stallBound, boolean periodic, SupervisedLoop body) {
        Counter counter = Counter.builder("opencredit.loop.restarts").tag("loop", name)
                .description("restarts of a background loop after it failed").register(registry);
        Loop loop = new Loop(name, stallBound, periodic, body, counter::increment, nanoTime);
        Loop previous = loops.putIfAbsent(name, loop);
        if (previous != null && !previous.stopRequested) {
            throw new IllegalStateException("a loop named " + name + " is already supervised");
        }
        if (previous != null) {
            loops.put(name, loop);
        }
        return loop;
    }

    private void supervise(Loop loop) {
        while (!loop.stopRequested) {
            long started = nanoTime.getAsLong();
            loop.lifeStarted = started;
            loop.inLife = true;
            Throwable failure = null;
            try {
                loop.body.run(loop);
            } catch (Throwable t) {
                failure = t;
            } finally {
                loop.inLife = false;
            }
            if (loop.stopRequested) {
                return; // whatever the stop caused (a wakeup, an interrupt) is not a failure
            }
            if (failure instanceof OutOfMemoryError) {
                loop.dead = true;
                LOG.fatalf(failure, "%s ran out of memory; not restarted (the JVM should end: -XX:+ExitOnOutOfMemoryError)",
                        loop.name());
                return;
            }
            long now = nanoTime.getAsLong();
            boolean healthyLife = now - started >= config.healthyAfter().toNanos();
            if (healthyLife || loop.failingSince < 0) {
                loop.failuresInRow = 0;
                loop.failingSince = now;
            }
            loop.failuresInRow++;
            loop.countRestart();
            Duration pause = backoff(loop.failuresInRow, config.initialBackoff(), config.maxBackoff());
            if (failure == null) {
                LOG.errorf("%s ended while the service runs; restart %d in %d ms", loop.name(), loop.restarts(), pause.toMillis());
            } else {
                LOG.errorf(failure, "%s failed; restart %d in %d ms", loop.name(), loop.restarts(), pause.toMillis());
            }
            loop.pause(pause);
            Thread.interrupted(); // a stray interrupt of the last life must not end the next one at once
        }
    }

    /** The pause before restart {@code failuresInRow} (1, 2, ...): initial, doubled each time, at most {@code max}. */
    public static Duration backoff(int failuresInRow, Duration initial, Duration max) {
        int doublings = Math.min(Math.max(failuresInRow - 1, 0), 30);
        Duration pause = initial.multipliedBy(1L << doublings);
        return pause.compareTo(max) > 0 ? max : pause;
    }

    /** Makes the next beat of that loop (the next iteration, or the next run of a job) throw an {@code Error}. */
    public void injectError(String name) {
        find(name).orElseThrow(() -> new NoSuchElementException("no loop named " + name)).injectError();
    }

    public Optional<Loop> find(String name) {
        return Optional.ofNullable(loops.get(name));
    }

    /** Every loop, by name. */
    public List<Loop> loops() {
        return new ArrayList<>(loops.values());
    }

    /** Why each loop that is not live is not, by loop name; empty when all are. */
    public Map<String, String> problems() {
        Map<String, String> problems = new ConcurrentSkipListMap<>();
        for (Loop loop : loops.values()) {
            loop.problem(config.healthyAfter()).ifPresent(problem -> problems.put(loop.name(), problem));
        }
        return problems;
    }

    /** Whether this loop is live (see {@link #problems()}). */
    public boolean isLive(Loop loop) {
        return loop.problem(config.healthyAfter()).isEmpty();
    }

    /** Stops every loop (their owners may have stopped theirs already). */
    public void stopAll() {
        loops.values().forEach(Loop::requestStop);
        loops.values().forEach(Loop::stop);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopAll();
    }
}
