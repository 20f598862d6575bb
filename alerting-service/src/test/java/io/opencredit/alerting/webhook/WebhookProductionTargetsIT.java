package io.opencredit.alerting.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Topics;
import io.opencredit.runtime.util.Sleep;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** F5 SSRF with production's rule (no local targets): refused at registration and again at each delivery. */
@QuarkusTest
@TestProfile(WebhookProductionTargetsIT.Production.class)
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class WebhookProductionTargetsIT {

    /** Production's webhook targets: public https only. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencredit.webhooks.local-targets", "false");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void F5_production_refuses_plain_http_loopback_private_and_link_local_targets_at_registration() {
        String token = TestTokens.operator(WebhooksIT.unique("ops"));
        for (String url : List.of("http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost:8443/x",
                "https://10.0.0.1/x", "https://172.16.5.4/x", "https://192.168.0.10/x", "https://169.254.169.254/latest",
                "https://[::1]/x", "https://[fe80::1]/x", "https://[fd00::1]/x", "https://0.0.0.0/x")) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("url", url, "eventTypes", List.of("CreditConsumed"))).post(WebhooksIT.ENDPOINTS)
                    .then().statusCode(422).contentType("application/problem+json");
        }
        given().auth().oauth2(token).get(WebhooksIT.ENDPOINTS).then().statusCode(200).body("items.size()", equalTo(0));
    }

    /** A target that passed registration but resolves to an internal address later (DNS rebinding) is not called. */
    @Test
    void F5_production_refuses_an_internal_target_again_at_each_delivery() throws Exception {
        try (Receiver receiver = Receiver.started()) {
            UUID endpoint = UUID.randomUUID();
            String url = receiver.url("/inside").replace("http://", "https://");
            try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_endpoint (id, owner_subject, "
                        + "owner_email, owner_role, url, secret, created_at) VALUES (?, 'ops@example.com', 'ops@example.com', "
                        + "'operator', ?, ?, ?)")) {
                    insert.setObject(1, endpoint);
                    insert.setString(2, url);
                    insert.setString(3, StandardWebhooks.newSecret());
                    insert.setTimestamp(4, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                try (PreparedStatement type = connection.prepareStatement(
                        "INSERT INTO webhook_endpoint_event_type (endpoint_id, event_type) VALUES (?, 'CreditConsumed')")) {
                    type.setObject(1, endpoint);
                    type.executeUpdate();
                }
            }
            EventEnvelope event = WebhooksIT.consumed(UUID.randomUUID(), "u-ssrf");
            KafkaTestSupport.produce(Topics.LEDGER_EVENTS, event);
            // the endpoint may also get deliveries of older CreditConsumed events (the topic is shared by the test
            // classes, and this profile's consumer reads it from the start): only this event's delivery is looked at
            await().atMost(WebhooksIT.PATIENCE).until(() -> lastError(endpoint, event.eventId()) != null);
            assertThat(lastError(endpoint, event.eventId())).startsWith("target refused").contains("127.0.0.1");
            Sleep.quietly(Duration.ofSeconds(1));
            assertThat(receiver.requests()).isEmpty();
        }
    }

    private String lastError(UUID endpoint, UUID event) throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT last_error FROM webhook_delivery WHERE endpoint_id = ? AND event_id = ?")) {
            query.setObject(1, endpoint);
            query.setObject(2, event);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
