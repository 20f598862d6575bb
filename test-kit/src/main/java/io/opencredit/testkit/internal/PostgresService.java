package io.opencredit.testkit.internal;

/** A PostgreSQL server on which the kit creates a fresh database per service start. */
public interface PostgresService {

    /** A URL the kit may connect to as {@link #user()} to run {@code CREATE DATABASE}. */
    String adminJdbcUrl();

    /** The URL of the database {@code database} on this server. */
    String jdbcUrl(String database);

    String user();

    String password();

    void stop();

    void start();

    boolean running();

    void close();

    String describe();
}
