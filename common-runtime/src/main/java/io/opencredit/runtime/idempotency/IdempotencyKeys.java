package io.opencredit.runtime.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.opencredit.events.Sha256;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.supervision.PeriodicJob;
import io.opencredit.runtime.supervision.Supervisor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POST requests (SPEC §4): the first answer is stored in the same
 * transaction as the request's effects; a repeat with the same key and body returns it without
 * doing anything again; the same key with another body is 409. Concurrent repeats wait on the key's
 * row, so only one of them acts. Failed requests store nothing (their transaction rolls back), so a
 * client may retry them with the same key. Keys are kept 48 hours (at least the 24 promised).
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    static final Duration RETENTION = Duration.ofHours(48);

    /** A stored or fresh answer: status and JSON body. */
    public record Answer(int status, Object body) {
        public Response toResponse() {
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
        }
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final SuiteClock clock;
    private final Supervisor supervisor;

    public IdempotencyKeys(AgroalDataSource dataSource, ObjectMapper mapper, SuiteClock clock, Supervisor supervisor) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.clock = clock;
        this.supervisor = supervisor;
    }

    /**
     * Runs {@code action} once per (scope, key). {@code scope} separates callers and endpoints
     * (e.g. caller email + path); {@code request} is the parsed body, hashed to spot a changed
     * repeat. Without a key the action simply runs.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Answer execute(String key, String scope, Object request, Supplier<Answer> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isBlank() || key.length() > 255 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw ProblemException.badRequest("invalid-idempotency-key",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        String hash = hash(request);
        try (Connection connection = dataSource.getConnection()) {
            if (!reserve(connection, scope, key, hash)) {
                return replay(connection, scope, key, hash);
            }
            Answer answer = action.get();
            store(connection, scope, key, answer);
            return answer;
        } catch (SQLException e) {
            throw new IllegalStateException("idempotency store unavailable", e);
        }
    }

    private boolean reserve(Connection connection, String scope, String key, String hash) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO oc_idempotency_key (scope, idempotency_key, request_hash, status, created_at) "
                        + "VALUES (?, ?, ?, 0, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, scope);
            insert.setString(2, key);
            insert.setString(3, hash);
            insert.setTimestamp(4, Timestamp.from(clock.now()));
            return insert.executeUpdate() == 1;
        }
    }

    private Answer replay(Connection connection, String scope, String key, String hash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT request_hash, status, response_body FROM oc_idempotency_key WHERE scope = ? AND idempotency_key = ?")) {
            select.setString(1, scope);
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("idempotency key vanished");
                }
                if (!rs.getString(1).equals(hash)) {
                    throw ProblemException.conflict("idempotency-key-reused",
                            "Idempotency-Key '" + key + "' was already used with a different request");
                }
                String body = rs.getString(3);
                return new Answer(rs.getInt(2), body == null ? null : mapper.readTree(body));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored answer unreadable", e);
            }
        }
    }

    private void store(Connection connection, String scope, String key, Answer answer) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE oc_idempotency_key SET status = ?, response_body = ? WHERE scope = ? AND idempotency_key = ?")) {
            update.setInt(1, answer.status());
            update.setString(2, answer.body() == null ? null : mapper.writeValueAsString(answer.body()));
            update.setString(3, scope);
            update.setString(4, key);
            update.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer not serialisable", e);
        }
    }

    private String hash(Object request) {
        try {
            JsonNode tree = mapper.valueToTree(request);
            byte[] canonical = mapper.writeValueAsBytes(tree);
            return Sha256.hex(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash request", e);
        }
    }

    void onStart(@Observes StartupEvent event) {
        purgeJob();
    }

    /** The purge as a supervised job (SPEC O4): a failed run is counted and shows in liveness. */
    private PeriodicJob purgeJob() {
        return supervisor.periodic("idempotency-purge", Duration.ofHours(1));
    }

    /** Forgets keys past their retention. */
    @Scheduled(every = "1h", delayed = "1m")
    void expire() {
        purgeJob().run(() -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM oc_idempotency_key WHERE created_at < ?")) {
                delete.setTimestamp(1, Timestamp.from(clock.now().minus(RETENTION)));
                delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot expire idempotency keys", e);
            }
        }));
    }
}
