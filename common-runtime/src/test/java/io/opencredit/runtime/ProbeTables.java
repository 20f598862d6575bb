package io.opencredit.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** What the runtime's ITs read from their database: counts (the probe handler's applications, the outbox's rows), positions. */
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

    /** The probe consumer's stored position per partition of its topic. */
    static Map<Integer, Long> probePositions(DataSource dataSource) throws SQLException {
        Map<Integer, Long> positions = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT kafka_partition, next_offset FROM oc_consumer_position WHERE consumer LIKE '%.probe' AND topic = ?")) {
            select.setString(1, ProbeHandler.TOPIC);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return positions;
    }
}
