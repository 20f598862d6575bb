package io.opencredit.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a service's database still holds some text (S3: a deprovisioned customer's address or name): every column
 * of every table of the current schema, text as text and bytes as their escaped form (an address in an uncompressed
 * JSON payload shows through). Compressed columns (the ledger's commits) must be decoded by the test itself.
 */
public final class PersonalData {

    private PersonalData() {
    }

    /** "table.column: value" for every occurrence of any needle (case-insensitive); empty when there is none. */
    public static List<String> occurrences(Connection connection, String... needles) throws SQLException {
        Map<String, List<String[]>> columns = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                        + "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                        + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                        + "ORDER BY c.table_name, c.ordinal_position");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> table : columns.entrySet()) {
            for (String[] column : table.getValue()) {
                String value = "bytea".equals(column[1]) ? "encode(\"" + column[0] + "\", 'escape')" : "\"" + column[0] + "\"::text";
                for (String needle : needles) {
                    try (PreparedStatement select = connection.prepareStatement("SELECT " + value + " FROM \"" + table.getKey()
                            + "\" WHERE strpos(lower(" + value + "), ?) > 0 LIMIT 1")) {
                        select.setString(1, needle.toLowerCase(Locale.ROOT));
                        try (ResultSet rs = select.executeQuery()) {
                            if (rs.next()) {
                                String shown = rs.getString(1);
                                found.add(table.getKey() + "." + column[0] + ": "
                                        + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
