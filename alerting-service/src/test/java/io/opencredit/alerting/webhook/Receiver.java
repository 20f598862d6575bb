package io.opencredit.alerting.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import io.opencredit.runtime.util.Sleep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on loopback, started by a test: records every request and answers with the status it is told
 * ({@link #answer}); {@link #stop()} and {@link #start()} take it away and back on the same port.
 */
final class Receiver implements AutoCloseable {

    /** One request as received, with the status it was answered. */
    record Request(String id, String timestamp, String signature, byte[] body, int answered, Instant at) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Only requests under this path count: a stale endpoint elsewhere that happens to reach this port is turned away. */
    private final String base = "/" + UUID.randomUUID();
    private volatile Duration delay = Duration.ZERO;
    private volatile int answer = 200;
    private int port;
    private HttpServer server;

    static Receiver started() {
        Receiver receiver = new Receiver();
        receiver.start();
        return receiver;
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = server.getAddress().getPort();
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().startsWith(base)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            Sleep.quietly(delay);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = answer;
            requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, status, Instant.now()));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    void answer(int status) {
        this.answer = status;
    }

    /** How long the receiver takes before it answers. */
    void delay(Duration delay) {
        this.delay = delay;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + base + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered 2xx: what the receiver accepted. */
    List<Request> accepted() {
        return requests.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    @Override
    public void close() {
        stop();
    }
}
