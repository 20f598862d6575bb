package io.opencredit.runtime.outbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of an outbox row that carries a whole batch of records for one topic, in the order
 * the relay publishes them. Format (big-endian, {@link DataOutputStream}): a format byte (1), the
 * record count, then per record its key, type and traceparent as modified UTF-8 strings (an absent
 * traceparent as an empty one) and its value as a length-prefixed byte array.
 */
public final class OutboxBundle {

    /** One Kafka record of a bundle. */
    public record Entry(String key, String type, String traceparent, byte[] value) {
    }

    private static final byte FORMAT = 1;

    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;
    private final int count;
    private int added;

    /** A bundle of exactly {@code count} records, about {@code expectedBytes} long. */
    public OutboxBundle(int count, int expectedBytes) {
        this.count = count;
        bytes = new ByteArrayOutputStream(expectedBytes);
        out = new DataOutputStream(bytes);
        try {
            out.writeByte(FORMAT);
            out.writeInt(count);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    public OutboxBundle add(String key, String type, String traceparent, byte[] value) {
        if (added == count) {
            throw new IllegalStateException("the bundle was opened for " + count + " records");
        }
        try {
            out.writeUTF(key);
            out.writeUTF(type);
            out.writeUTF(traceparent == null ? "" : traceparent);
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        added++;
        return this;
    }

    /** The payload: format, count, records. */
    public byte[] toBytes() {
        if (added != count) {
            throw new IllegalStateException(added + " of the bundle's " + count + " records were added");
        }
        return bytes.toByteArray();
    }

    /** The records of a payload written by {@link #toBytes}, in order. */
    public static List<Entry> read(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown outbox bundle format " + format);
            }
            int count = in.readInt();
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                String type = in.readUTF();
                String traceparent = in.readUTF();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                entries.add(new Entry(key, type, traceparent.isEmpty() ? null : traceparent, value));
            }
            return entries;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt outbox bundle", e);
        }
    }
}
