package io.opencredit.runtime;

import com.sun.net.httpserver.HttpServer;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code opencredit.tracing.otlp-export=true} the service sends its spans by OTLP to the configured endpoint: here a
 * collector stand-in started by the test (OTLP over HTTP, {@code POST /v1/traces}). Without the switch (every other
 * test) nothing is sent and nothing is logged about a missing collector.
 */
@QuarkusTest
@TestProfile(OtlpExportIT.Exporting.class)
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "otlp"))
class OtlpExportIT {

    /** What the collector stand-in received: the path and content type of each request, and its body's size. */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer COLLECTOR = collector();

    public static class Exporting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.tracing.otlp-export", "true",
                    "quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + COLLECTOR.getAddress().getPort(),
                    "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                    "quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    @Test
    void spans_are_sent_by_otlp_to_the_configured_collector_when_export_is_switched_on() {
        given().auth().oauth2(TestTokens.customer("exported@example.com")).when().get("/api/v1/probe/me").then().statusCode(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.stream().anyMatch(r -> r.startsWith("/v1/traces application/x-protobuf")));
        assertThat(RECEIVED).allMatch(r -> !r.endsWith(" 0 bytes"), "every export carries spans");
    }

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    RECEIVED.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                            + body.readAllBytes().length + " bytes");
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
