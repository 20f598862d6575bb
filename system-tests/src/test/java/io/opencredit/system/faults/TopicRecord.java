package io.opencredit.system.faults;

import java.nio.charset.StandardCharsets;

/** One record of a final read, as the broker holds it: where it is, its key and its raw value. */
record TopicRecord(String topic, int partition, long offset, String key, byte[] value) {

    static TopicRecord of(String topic, int partition, long offset, String key, String value) {
        return new TopicRecord(topic, partition, offset, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
