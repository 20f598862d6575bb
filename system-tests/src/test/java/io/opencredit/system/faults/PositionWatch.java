package io.opencredit.system.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * I6, first half: the positions the services store with their effects never go backwards (a
 * stale owner of a partition, e.g. a ledger resumed after SIGSTOP, must be fenced, not rewind it).
 * Samples every stored position once a second, faults or not; a sample that cannot be taken (the
 * database is down) is skipped.
 */
final class PositionWatch implements AutoCloseable {

    private final Map<String, Long> highest = new HashMap<>();
    private final List<String> regressions = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Topics topics;
    private volatile boolean running = true;
    private volatile long samples;

    PositionWatch() {
        thread = new Thread(this::watch, "position-watch");
        thread.setDaemon(true);
    }

    /** Starts sampling the suite's databases. */
    PositionWatch start(Topics topics) {
        this.topics = topics;
        thread.start();
        return this;
    }

    private void watch() {
        while (running) {
            try {
                sample(topics.positions());
            } catch (Exception e) {
                // the database is down or restarting: no sample this time
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Compares one sample with the highest positions seen so far. */
    synchronized void sample(Map<String, Long> positions) {
        samples++;
        positions.forEach((key, position) -> {
            Long before = highest.get(key);
            if (before != null && position < before) {
                regressions.add(key + " went back from " + before + " to " + position);
            }
            if (before == null || position > before) {
                highest.put(key, position);
            }
        });
    }

    List<String> regressions() {
        return List.copyOf(regressions);
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
