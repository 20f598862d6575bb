package io.opencredit.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** A count the runtime's ITs read from their database (the probe handler's applications, the outbox's rows). */
final class ProbeTables {

    private ProbeTables() {
    }

    /** The single number {@code sql} selects, with {@code parameter} bound to its one placeholder when given. */
    static long count(DataSource dataSource, String sql, UUID parameter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
                select.setObject(1, parameter);
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
