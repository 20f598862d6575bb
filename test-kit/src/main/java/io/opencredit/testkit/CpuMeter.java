package io.opencredit.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time used by this JVM, by its threads grouped into roles, and by the PostgreSQL server (postmaster and
 * all its processes), read from {@code /proc} (Linux; zero elsewhere). On a shared machine wall-clock
 * throughput swings with other work; CPU seconds per record do much less, so benchmarks print both.
 */
public final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    /** Threads of the Kafka broker the test kit runs in this JVM (not the service's producers and consumers). */
    public static final Pattern BROKER = Pattern.compile("data-plane-kafka.*|kafka-\\d.*|broker-.*|controller-.*|quorum-.*|raft.*"
            + "|ExpirationReaper.*|group-coordinator.*|share-coordinator.*|transaction-.*|kafka-scheduler.*|LogDirFailureHandler"
            + "|PersisterStateManager|kafka-log-cleaner.*|.*metadata-loader.*|kafka-request-handler.*|RaftManager.*");

    private final long postmaster;

    /** A meter for the PostgreSQL server that runs the backend with this process id ({@code SELECT pg_backend_pid()}). */
    public CpuMeter(long backendPid) {
        this.postmaster = parentOf(backendPid);
    }

    /** The collector and maximum heap of this JVM, e.g. "PS Scavenge+PS MarkSweep collectors, heap 1024 MiB". */
    public static String jvmFlags() {
        String collectors = String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        return collectors + " collectors, heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB";
    }

    /** CPU seconds of this JVM so far. */
    public static double jvmSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** CPU seconds of the PostgreSQL server so far: the postmaster, its reaped children and its live children. */
    public double postgresSeconds() {
        if (postmaster <= 0) {
            return 0;
        }
        long ticks = ticks(postmaster, true);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            ticks += processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(p -> {
                        long pid = Long.parseLong(p.getFileName().toString());
                        return parentOf(pid) == postmaster ? ticks(pid, false) : 0;
                    }).sum();
        } catch (IOException e) {
            return 0;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * CPU seconds of this JVM's live threads so far by role: "broker" ({@link #BROKER}), then the first of
     * {@code roles} (name → thread-name pattern, in order) whose pattern matches, else {@code otherRole}. GC
     * and JIT threads are not Java threads: the process total minus these is them (and threads that ended).
     */
    public static Map<String, Double> threadSecondsByRole(Map<String, Pattern> roles, String otherRole) {
        Map<String, Pattern> ordered = new LinkedHashMap<>();
        ordered.put("broker", BROKER);
        ordered.putAll(roles);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> seconds = new TreeMap<>();
        ordered.keySet().forEach(role -> seconds.put(role, 0.0));
        seconds.put(otherRole, 0.0);
        Thread.getAllStackTraces().keySet().forEach(thread -> {
            long nanos = threads.getThreadCpuTime(thread.getId());
            if (nanos > 0) {
                String role = ordered.entrySet().stream().filter(e -> e.getValue().matcher(thread.getName()).matches())
                        .map(Map.Entry::getKey).findFirst().orElse(otherRole);
                seconds.merge(role, nanos / 1e9, Double::sum);
            }
        });
        return seconds;
    }

    private static String[] stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: split after its closing parenthesis
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long parentOf(long pid) {
        String[] fields = stat(pid);
        return fields == null ? -1 : Long.parseLong(fields[1]);
    }

    /** utime + stime (fields 14, 15), plus cutime + cstime (16, 17) of reaped children if asked. */
    private static long ticks(long pid, boolean withChildren) {
        String[] fields = stat(pid);
        if (fields == null) {
            return 0;
        }
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    }
}
