package io.opencredit.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void O5_a_database_that_cannot_be_reached_is_recognised_however_it_is_wrapped() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("refused"));
        assertThat(DatabaseUnavailable.causedBy(refused)).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("cannot store", new RuntimeException(refused)))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("Acquisition timeout while waiting for new connection"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("Sorry, acquisition timeout!"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLTransientConnectionException("gone"))).isTrue();
    }

    @Test
    void O5_other_failures_are_not_an_outage() {
        assertThat(DatabaseUnavailable.causedBy(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("canceling statement due to lock timeout", "55P03"))).isFalse();
    }

    @Test
    void O5_the_answer_is_503_problem_json_with_retry_after() {
        Response response = new ProblemMappers().unexpected(new IllegalStateException("x",
                new SQLException("Connection refused", "08001")));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(new ProblemMappers().unexpected(new IllegalStateException("a bug")).getStatus()).isEqualTo(500);
    }
}
