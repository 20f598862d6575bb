package io.opencredit.alerting.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
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

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
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
