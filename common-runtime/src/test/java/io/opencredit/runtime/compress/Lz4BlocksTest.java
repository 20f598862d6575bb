package io.opencredit.runtime.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Lz4BlocksTest {

    @Test
    void a_block_holds_its_format_byte_and_comes_back_as_written() {
        byte[] source = "{\"type\":\"CreditConsumed\"},{\"type\":\"CreditConsumed\"},{\"type\":\"CreditConsumed\"}, and garbage after"
                .getBytes(StandardCharsets.UTF_8);
        int length = source.length - " and garbage after".length();

        byte[] block = Lz4Blocks.compress((byte) 7, source, length);

        assertThat(block[0]).isEqualTo((byte) 7);
        assertThat(Lz4Blocks.decompress(block)).isEqualTo(Arrays.copyOf(source, length));
        assertThat(Lz4Blocks.decompress(Lz4Blocks.compress((byte) 7, new byte[0], 0))).isEmpty();
    }

    @Test
    void a_damaged_block_is_refused_not_misread() {
        byte[] block = Lz4Blocks.compress((byte) 2, new byte[1000], 1000);

        assertThatThrownBy(() -> Lz4Blocks.decompress(Arrays.copyOf(block, block.length - 1))).isInstanceOf(IllegalStateException.class);
        byte[] longer = block.clone();
        longer[3] = 9; // claims more bytes than the block holds
        assertThatThrownBy(() -> Lz4Blocks.decompress(longer)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Lz4Blocks.decompress(new byte[] {2, 0})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no length");
    }

    /**
     * Under Quarkus lz4-java is not loaded by the system class loader, and then its fastestInstance() never
     * tries the native library. Loaded the same way here (a class loader of its own), the codec is still native.
     */
    @Test
    void native_lz4_is_used_when_lz4_java_is_not_on_the_system_class_loader() throws Exception {
        Assumptions.assumeTrue(nativeLz4Loads(), "no native LZ4 for this platform");
        URL classes = Lz4Blocks.class.getProtectionDomain().getCodeSource().getLocation();
        URL lz4 = LZ4Factory.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes, lz4}, ClassLoader.getPlatformClassLoader())) {
            Class<?> blocks = Class.forName(Lz4Blocks.class.getName(), true, isolated);
            var codecName = blocks.getDeclaredMethod("codecName");
            codecName.setAccessible(true);
            assertThat(codecName.invoke(null)).isEqualTo("LZ4Factory:JNI");
        }
    }

    private static boolean nativeLz4Loads() {
        try {
            return LZ4Factory.nativeInstance() != null;
        } catch (LinkageError | RuntimeException | AssertionError e) {
            return false;
        }
    }
}
