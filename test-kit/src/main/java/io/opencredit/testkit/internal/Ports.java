package io.opencredit.testkit.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports, and waiting for a port to be bindable again after a server stopped. */
final class Ports {

    private Ports() {
    }

    /**
     * A loopback port that binds now, below the kernel's ephemeral range (32768 and up on Linux): a port the kernel
     * handed out from that range could be taken, before the server binds it, as the local port of any outgoing
     * connection (a Kafka client's, a JDBC one), which made a broker fail with "Address already in use".
     */
    static int free(int... not) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(LOWEST, EPHEMERAL_START);
            boolean taken = false;
            for (int other : not) {
                taken |= other == port;
            }
            if (!taken && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port below " + EPHEMERAL_START);
    }

    private static final int LOWEST = 20_000;
    private static final int EPHEMERAL_START = 32_768;

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits up to ten seconds until {@code port} can be bound on the loopback address. */
    static void awaitFree(int port) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("port " + port + " is still taken", e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for port " + port, interrupted);
                }
            }
        }
    }
}
