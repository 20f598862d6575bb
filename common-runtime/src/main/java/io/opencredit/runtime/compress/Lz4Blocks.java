package io.opencredit.runtime.compress;

import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;

/**
 * Bytes stored compressed (outbox bundles, the ledger's commits): a format byte of the caller's
 * choosing, the uncompressed length (4 bytes, big-endian), then one LZ4 block. Event JSON shrinks to
 * about a quarter, which PostgreSQL then stores and logs, for about a millisecond of CPU per megabyte.
 */
public final class Lz4Blocks {

    /** Native LZ4 when its library loads (several times faster than the pure-Java one), else pure Java. */
    private static final LZ4Factory CODEC = codec();

    private Lz4Blocks() {
    }

    /**
     * Asked for by name: {@code LZ4Factory.fastestInstance()} tries the native library only when lz4-java was
     * loaded by the system class loader, which is never the case under Quarkus (its class loaders), so the
     * services got the pure-Java codec (profiled: about a tenth of the ledger's batch thread).
     */
    private static LZ4Factory codec() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (LinkageError | RuntimeException | AssertionError e) { // no native library for this platform, or it cannot be loaded: pure Java
            return LZ4Factory.fastestJavaInstance();
        }
    }

    /** The codec in use ("LZ4Factory:JNI" or a pure-Java one), for tests and benchmarks. */
    static String codecName() {
        return CODEC.toString();
    }

    /** {@code source[0, length)} as {@code format}, its length and its LZ4 block, compressed where it is. */
    public static byte[] compress(byte format, byte[] source, int length) {
        LZ4Compressor compressor = CODEC.fastCompressor();
        byte[] payload = new byte[5 + compressor.maxCompressedLength(length)];
        payload[0] = format;
        payload[1] = (byte) (length >>> 24);
        payload[2] = (byte) (length >>> 16);
        payload[3] = (byte) (length >>> 8);
        payload[4] = (byte) length;
        int compressed = compressor.compress(source, 0, length, payload, 5, payload.length - 5);
        return Arrays.copyOf(payload, 5 + compressed);
    }

    /** The bytes of a payload written by {@link #compress} (its format byte is the caller's to check). */
    public static byte[] decompress(byte[] payload) {
        if (payload.length < 5) {
            throw new IllegalStateException("a compressed block of " + payload.length + " bytes has no length");
        }
        int length = ((payload[1] & 0xFF) << 24) | ((payload[2] & 0xFF) << 16) | ((payload[3] & 0xFF) << 8) | (payload[4] & 0xFF);
        if (length < 0) {
            throw new IllegalStateException("a compressed block claims " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        try {
            int read = CODEC.safeDecompressor().decompress(payload, 5, payload.length - 5, bytes, 0);
            if (read != length) {
                throw new IllegalStateException("a compressed block of " + length + " bytes holds " + read);
            }
        } catch (LZ4Exception e) {
            throw new IllegalStateException("corrupt compressed block", e);
        }
        return bytes;
    }
}
