package io.opencredit.ledger.persistence;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds a list of named rows (records) as the column arrays of one {@code unnest(...)} statement: PostgreSQL plans
 * and runs it once per batch instead of once per row, and the driver sends each array in binary. A row type
 * declares its columns once, name, kind and value; {@link #unnest} writes the matching
 * {@code unnest(?::int8[], ...) AS r(name, ...)} so the statement's parameters and the columns cannot drift apart.
 *
 * @param <R> the row record
 */
final class ArrayRows<R> {

    /** How a column travels: the driver's array element type and the cast SQL applies to the bound array. */
    enum Kind {
        /** A UUID, as text (the driver has no binary form for a uuid array: it would quote each); cast back in SQL. */
        ID("text", "::text[]::uuid[]"),
        INT8("int8", "::int8[]"),
        BOOL("bool", "::bool[]"),
        TEXT("text", "::text[]"),
        /** Exact decimals as plain text ({@code ::numeric} where they are used). */
        DECIMAL("text", "::text[]"),
        /** ISO-8601 in UTC ({@code ::timestamptz} where they are used). */
        INSTANT("text", "::text[]");

        private final String elementType;
        private final String cast;

        Kind(String elementType, String cast) {
            this.elementType = elementType;
            this.cast = cast;
        }
    }

    /** One column: its name in {@code AS r(...)}, its kind and how a row gives its value. */
    record Column<R>(String name, Kind kind, Function<R, ?> value) {
    }

    private final List<Column<R>> columns;

    ArrayRows(List<Column<R>> columns) {
        this.columns = List.copyOf(columns);
    }

    static <R> Column<R> column(String name, Kind kind, Function<R, ?> value) {
        return new Column<>(name, kind, value);
    }

    /** {@code unnest(?::..., ...) AS r(a, b, ...)}: the FROM item the rows are bound to, in column order. */
    String unnest(String alias) {
        return columns.stream().map(c -> "?" + c.kind().cast).collect(Collectors.joining(", ", "unnest(", ")"))
                + columns.stream().map(Column::name).collect(Collectors.joining(", ", " AS " + alias + "(", ")"));
    }

    /** Binds the rows' columns as parameters 1..n of a statement whose FROM item is {@link #unnest}. */
    void bind(Connection connection, PreparedStatement statement, List<R> rows) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            Column<R> column = columns.get(i);
            Object[] values = column.kind().elementType.equals("text") ? new String[rows.size()]
                    : column.kind() == Kind.INT8 ? new Long[rows.size()] : new Boolean[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                values[r] = value(column.kind(), column.value().apply(rows.get(r)));
            }
            statement.setArray(i + 1, connection.createArrayOf(column.kind().elementType, values));
        }
    }

    private static Object value(Kind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case ID -> value.toString();
            case TEXT -> value instanceof Enum<?> constant ? constant.name() : value.toString();
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case INSTANT -> value.toString(); // Instant.toString: ISO-8601 in UTC
            case INT8, BOOL -> value;
        };
    }

    /** UUIDs as a text array (see {@link Kind#ID}); SQL casts it back with {@code ?::text[]::uuid[]}. */
    static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        String[] text = new String[ids.size()];
        int i = 0;
        for (UUID id : ids) {
            text[i++] = id.toString();
        }
        return connection.createArrayOf("text", text);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
