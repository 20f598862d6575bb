package io.opencredit.testkit.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server named by {@code OPENCREDIT_TEST_JDBC_URL} (+ {@code _USER}, {@code _PASSWORD}): the kit
 * connects to the URL as given to create databases, and hands out the same URL with the database
 * replaced.
 */
class ExternalPostgres extends UnmanagedServer implements PostgresService {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$");

    private final String adminUrl;
    private final String user;
    private final String password;

    ExternalPostgres(String adminUrl, String user, String password) {
        super("PostgreSQL");
        if (!URL.matcher(adminUrl).matches()) {
            throw new IllegalArgumentException(Settings.JDBC_URL + " must look like "
                    + "jdbc:postgresql://host:port/database, not " + adminUrl);
        }
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        String query = matcher.group(3) == null ? "" : matcher.group(3);
        return matcher.group(1) + "/" + database + query;
    }

    @Override
    public String adminJdbcUrl() {
        // a URL without a database connects to the user's database; name "postgres" instead
        Matcher matcher = URL.matcher(adminUrl);
        matcher.matches();
        String path = matcher.group(2);
        return path == null || path.equals("/") ? withDatabase(adminUrl, "postgres") : adminUrl;
    }

    @Override
    public String jdbcUrl(String database) {
        return withDatabase(adminUrl, database);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String describe() {
        return "external PostgreSQL at " + adminUrl + " (" + Settings.JDBC_URL + ")";
    }
}
