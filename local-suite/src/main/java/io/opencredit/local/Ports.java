package io.opencredit.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Free ports: checked before anything starts (a clash is reported in one clear line), and reserved for test runs. */
final class Ports {

    /**
     * Reserved ports are drawn below Linux's ephemeral range (32768-60999), so that no outgoing
     * connection of this or another process takes one between the draw and the server's bind.
     */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "opencredit-ports");
    /** The locks of the ports this JVM reserved, by port; never released before the JVM ends. */
    private static final Map<Integer, FileLock> HELD = new HashMap<>();

    private Ports() {
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code count} different ports, each free now and held for the life of this JVM by a lock on
     * {@code ${java.io.tmpdir}/opencredit-ports/<port>.lock}, so that another run drawing ports on this
     * machine at the same moment cannot draw it too; the operating system drops the locks of a JVM
     * that ends, however it ends.
     */
    static synchronized int[] reserve(int count) {
        try {
            Files.createDirectories(LOCKS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + LOCKS, e);
        }
        int[] ports = new int[count];
        int found = 0;
        for (int attempt = 0; found < count; attempt++) {
            if (attempt > 10_000) {
                throw new IllegalStateException("found only " + found + " free ports of " + count + " between "
                        + LOWEST + " and " + HIGHEST);
            }
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (HELD.containsKey(port)) {
                continue; // not even opened again: on Linux, closing any channel of a file drops this JVM's lock on it
            }
            FileLock lock = tryLock(port); // null if another JVM holds it
            if (lock == null) {
                continue;
            }
            if (!isFree(port) || !isFreeOnAnyAddress(port)) {
                release(lock);
                continue;
            }
            HELD.put(port, lock);
            ports[found++] = port;
        }
        return ports;
    }

    private static boolean isFreeOnAnyAddress(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static FileLock tryLock(int port) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(LOCKS.resolve(port + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            // not lockable: not this port
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
            return null;
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            // closing the channel releases the lock; nothing more to do
        }
    }
}
