package io.opencredit.runtime.outbox;

import io.opencredit.runtime.compress.Lz4Blocks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of an outbox row that carries a whole batch of records for one topic, in the order
 * the relay publishes them. The records (big-endian, {@link DataOutputStream}): the record count,
 * then per record its key, type, traceparent and, from format 3 on, consistency frontier as modified
 * UTF-8 strings (an absent one as an empty one) and its value as a length-prefixed byte array. The
 * payload is a format byte, then either those bytes as they are (formats 1 and 3) or their length and
 * their LZ4 block (formats 2 and 4; 4 is what {@link #toBytes} writes, see {@link Lz4Blocks}).
 */
public final class OutboxBundle {

    /** One Kafka record of a bundle. */
    public record Entry(String key, String type, String traceparent, String frontier, byte[] value) {
    }

    private static final byte PLAIN = 1;
    private static final byte LZ4 = 2;
    /** As {@link #PLAIN} and {@link #LZ4}, with a frontier per record (SPEC R2). */
    private static final byte PLAIN_WITH_FRONTIERS = 3;
    private static final byte LZ4_WITH_FRONTIERS = 4;

    private final Buffer bytes;
    private final DataOutputStream out;
    private final int count;
    private int added;

    /** A bundle of exactly {@code count} records, about {@code expectedBytes} long. */
    public OutboxBundle(int count, int expectedBytes) {
        this.count = count;
        bytes = new Buffer(expectedBytes);
        out = new DataOutputStream(bytes);
        try {
            out.writeInt(count);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    public OutboxBundle add(String key, String type, String traceparent, String frontier, byte[] value) {
        if (added == count) {
            throw new IllegalStateException("the bundle was opened for " + count + " records");
        }
        try {
            out.writeUTF(key);
            out.writeUTF(type);
            out.writeUTF(traceparent == null ? "" : traceparent);
            out.writeUTF(frontier == null ? "" : frontier);
            out.writeInt(value.length);
            out.write(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        added++;
        return this;
    }

    /** The payload: format 4, the records' length, their LZ4 block. */
    public byte[] toBytes() {
        if (added != count) {
            throw new IllegalStateException(added + " of the bundle's " + count + " records were added");
        }
        // compressed where the records were written; no buffer kept per thread: a gateway has up to 200 worker
        // threads, each would hold its largest bundle
        return Lz4Blocks.compress(LZ4_WITH_FRONTIERS, bytes.array(), bytes.size());
    }

    /** The records as written, read in place by the compressor (a copy of a batch's records was a tenth of the ledger's allocations). */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] array() {
            return buf;
        }
    }

    /** The records of a payload written by {@link #toBytes} (either format), in order. */
    public static List<Entry> read(byte[] payload) {
        byte format = payload.length == 0 ? 0 : payload[0];
        byte[] records = switch (format) {
            case PLAIN, PLAIN_WITH_FRONTIERS -> Arrays.copyOfRange(payload, 1, payload.length);
            case LZ4, LZ4_WITH_FRONTIERS -> Lz4Blocks.decompress(payload);
            default -> throw new IllegalStateException("unknown outbox bundle format " + (payload.length == 0 ? "(empty)" : format));
        };
        boolean withFrontiers = format == PLAIN_WITH_FRONTIERS || format == LZ4_WITH_FRONTIERS;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(records))) {
            int count = in.readInt();
            List<Entry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                String type = in.readUTF();
                String traceparent = in.readUTF();
                String frontier = withFrontiers ? in.readUTF() : "";
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                entries.add(new Entry(key, type, traceparent.isEmpty() ? null : traceparent, frontier.isEmpty() ? null : frontier, value));
            }
            return entries;
        } catch (IOException e) {
            throw new IllegalStateException("corrupt outbox bundle", e);
        }
    }
}
