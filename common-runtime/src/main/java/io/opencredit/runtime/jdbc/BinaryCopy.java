package io.opencredit.runtime.jdbc;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes rows into PostgreSQL with one binary {@code COPY ... FROM STDIN (FORMAT binary)}: the
 * fastest way to append many rows in the caller's transaction (no statement per row, no text
 * parsing on the server). Per row: {@link #row(int)} with the number of fields, then each field in
 * the column order of the COPY statement. Nothing is visible before {@link #finish()}; closing an
 * unfinished copy cancels it (and the failed statement rolls the transaction back).
 *
 * <pre>{@code
 * try (BinaryCopy copy = BinaryCopy.start(connection, "COPY t (id, n, at) FROM STDIN (FORMAT binary)")) {
 *     copy.row(3).uuid(id).int8(n).timestamptz(at);
 *     copy.finish();
 * }
 * }</pre>
 */
public final class BinaryCopy implements AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** PostgreSQL timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final PGCopyOutputStream stream;
    private final DataOutputStream out;
    private long rows;

    private BinaryCopy(PGCopyOutputStream stream) throws IOException {
        this.stream = stream;
        this.out = new DataOutputStream(stream);
        out.write(SIGNATURE);
        out.writeInt(0); // flags
        out.writeInt(0); // header extension length
    }

    /** Starts {@code copySql}, a {@code COPY <table> (<columns>) FROM STDIN (FORMAT binary)}. */
    public static BinaryCopy start(Connection connection, String copySql) throws SQLException, IOException {
        return new BinaryCopy(new PGCopyOutputStream(connection.unwrap(PGConnection.class), copySql, 256 * 1024));
    }

    public BinaryCopy row(int fields) throws IOException {
        out.writeShort(fields);
        rows++;
        return this;
    }

    public BinaryCopy nullField() throws IOException {
        out.writeInt(-1);
        return this;
    }

    public BinaryCopy uuid(UUID value) throws IOException {
        if (value == null) {
            return nullField();
        }
        out.writeInt(16);
        out.writeLong(value.getMostSignificantBits());
        out.writeLong(value.getLeastSignificantBits());
        return this;
    }

    public BinaryCopy int8(long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
        return this;
    }

    /** text, varchar, json (their binary form is the UTF-8 text; not jsonb, which has a version byte). */
    public BinaryCopy text(String value) throws IOException {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** bytea, or a field whose binary form the caller already encoded. */
    public BinaryCopy bytes(byte[] value) throws IOException {
        if (value == null) {
            return nullField();
        }
        out.writeInt(value.length);
        out.write(value);
        return this;
    }

    /** timestamptz, rounded to the nearest microsecond (as PostgreSQL rounds text input). */
    public BinaryCopy timestamptz(Instant value) throws IOException {
        if (value == null) {
            return nullField();
        }
        long seconds = value.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        long micros = Math.multiplyExact(seconds, 1_000_000L) + (value.getNano() + 500) / 1000;
        out.writeInt(8);
        out.writeLong(micros);
        return this;
    }

    /** Ends the copy; returns the number of rows written. */
    public long finish() throws IOException, SQLException {
        out.writeShort(-1);
        out.flush();
        stream.endCopy();
        return rows;
    }

    @Override
    public void close() throws SQLException {
        if (stream.isActive()) {
            // failed half-way: abort the COPY so the connection stays usable (the transaction rolls back)
            stream.cancelCopy();
        }
    }
}
