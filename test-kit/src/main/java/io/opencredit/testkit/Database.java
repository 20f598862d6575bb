package io.opencredit.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A database the kit created for a service.
 *
 * @param logicalName the name asked for (init arg {@code database}), normalised to lower case
 * @param name        the actual, unique database name: the logical name plus a random suffix
 * @param jdbcUrl     its JDBC URL
 * @param username    user to connect as
 * @param password    its password
 */
public record Database(String logicalName, String name, String jdbcUrl, String username, String password) {

    /** From the engine's answer: the fields in the order of this record (see {@code EngineApi#createDatabase}). */
    static Database of(String[] fields) {
        return new Database(fields[0], fields[1], fields[2], fields[3], fields[4]);
    }

    /** A new JDBC connection to this database; close it. */
    public Connection connect() throws SQLException {
        return connect(jdbcUrl, username, password);
    }

    /**
     * Connects through the driver class this code sees (not {@link java.sql.DriverManager}, which
     * refuses a driver registered by another class loader, as happens under Quarkus).
     */
    static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        Connection connection = new org.postgresql.Driver().connect(url, props);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return connection;
    }
}
