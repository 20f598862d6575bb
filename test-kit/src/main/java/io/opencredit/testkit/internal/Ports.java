package io.opencredit.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports, and waiting for a port to be bindable again after a server stopped. */
final class Ports {

    private Ports() {
    }

    static int free(int... not) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                boolean taken = false;
                for (int other : not) {
                    taken |= other == port;
                }
                if (!taken) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port");
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
