package io.opencredit.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxBundleTest {

    private static byte[] json(int i) {
        return ("{\"eventId\":\"" + i + "\",\"type\":\"CreditConsumed\",\"payload\":{\"amount\":\"0.01\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void records_come_back_in_order_with_key_type_traceparent_and_frontier() {
        OutboxBundle bundle = new OutboxBundle(3, 256);
        bundle.add("k1", "CreditConsumed", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, json(1));
        bundle.add("k2", "BalanceChanged", null, "0.3.7.0", json(2));
        bundle.add("k1", "CreditConsumed", null, "0.2.7.0", new byte[0]);

        List<OutboxBundle.Entry> entries = OutboxBundle.read(bundle.toBytes());

        assertThat(entries).extracting(OutboxBundle.Entry::key).containsExactly("k1", "k2", "k1");
        assertThat(entries).extracting(OutboxBundle.Entry::type).containsExactly("CreditConsumed", "BalanceChanged", "CreditConsumed");
        assertThat(entries.get(0).traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(entries.get(1).traceparent()).isNull();
        assertThat(entries).extracting(OutboxBundle.Entry::frontier).containsExactly(null, "0.3.7.0", "0.2.7.0");
        assertThat(entries.get(0).value()).isEqualTo(json(1));
        assertThat(entries.get(2).value()).isEmpty();
    }

    @Test
    void event_json_is_stored_compressed() {
        OutboxBundle bundle = new OutboxBundle(1000, 64 * 1024);
        int raw = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] value = json(i);
            raw += value.length;
            bundle.add("subscription-" + (i % 10), "CreditConsumed", null, null, value);
        }
        byte[] payload = bundle.toBytes();
        assertThat(payload.length).isLessThan(raw / 2);
        assertThat(OutboxBundle.read(payload)).hasSize(1000);
    }

    @Test
    void an_uncompressed_bundle_of_format_1_is_still_read() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeInt(1);
        out.writeUTF("k");
        out.writeUTF("CreditAdded");
        out.writeUTF("");
        out.writeInt(2);
        out.write(new byte[] {'{', '}'});

        List<OutboxBundle.Entry> entries = OutboxBundle.read(bytes.toByteArray());

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("k");
            assertThat(e.value()).containsExactly('{', '}');
            assertThat(e.frontier()).isNull();
        });
    }

    @Test
    void a_bundle_must_be_filled_as_announced_and_garbage_is_refused() {
        OutboxBundle bundle = new OutboxBundle(2, 64);
        bundle.add("k", "T", null, null, json(1));
        assertThatThrownBy(bundle::toBytes).isInstanceOf(IllegalStateException.class);
        bundle.add("k", "T", null, null, json(2));
        assertThatThrownBy(() -> bundle.add("k", "T", null, null, json(3))).isInstanceOf(IllegalStateException.class);

        assertThat(OutboxBundle.read(bundle.toBytes())).hasSize(2);
        assertThatThrownBy(() -> OutboxBundle.read(new byte[] {9, 0, 0})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> OutboxBundle.read(new byte[0])).isInstanceOf(IllegalStateException.class);
    }
}
