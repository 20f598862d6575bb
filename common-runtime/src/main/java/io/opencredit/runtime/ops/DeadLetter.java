package io.opencredit.runtime.ops;

import io.opencredit.runtime.consumer.DeadLetters;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * A record read from a {@code .dlq} topic: where it lies, and the original record it carries
 * (the dead-letter headers say where that came from, {@link DeadLetters}).
 */
public record DeadLetter(DeadLetterId id, ConsumerRecord<byte[], byte[]> record) {

    /** Largest value shown by the inspection endpoint; a longer one is cut and flagged. */
    public static final int MAX_VALUE_CHARS = 64 * 1024;
    /** Largest header value shown. */
    public static final int MAX_HEADER_CHARS = 2048;

    /** A dead letter in a listing: enough to pick one. */
    public record Summary(String id, String consumer, String reason, String sourceTopic, Integer sourcePartition,
                          Long sourceOffset, String key, int valueBytes, Instant deadLetteredAt) {
    }

    /** A dead letter inspected: its headers and, when it is UTF-8 text, its value (cut at {@link #MAX_VALUE_CHARS}). */
    public record Details(String id, String dlqTopic, int dlqPartition, long dlqOffset, String consumer, String reason,
                          String sourceTopic, Integer sourcePartition, Long sourceOffset, String key, int valueBytes,
                          String value, boolean valueIsText, boolean valueTruncated, Map<String, String> headers,
                          Instant deadLetteredAt) {
    }

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        return new DeadLetter(new DeadLetterId(record.topic(), record.partition(), record.offset()), record);
    }

    public String consumer() {
        return header(DeadLetters.CONSUMER);
    }

    public String reason() {
        return header(DeadLetters.REASON);
    }

    public Summary summary() {
        return new Summary(id.encoded(), consumer(), reason(), header(DeadLetters.SOURCE_TOPIC), sourcePartition(),
                sourceOffset(), key(), valueBytes(), Instant.ofEpochMilli(record.timestamp()));
    }

    public Details details() {
        String text = record.value() == null ? null : utf8(record.value());
        boolean truncated = text != null && text.length() > MAX_VALUE_CHARS;
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), shown(header.value(), MAX_HEADER_CHARS));
        }
        return new Details(id.encoded(), id.topic(), id.partition(), id.offset(), consumer(), reason(),
                header(DeadLetters.SOURCE_TOPIC), sourcePartition(), sourceOffset(), key(), valueBytes(),
                truncated ? text.substring(0, MAX_VALUE_CHARS) : text, text != null, truncated, headers,
                Instant.ofEpochMilli(record.timestamp()));
    }

    /**
     * The original record as its consumer first read it: source topic, partition and offset from the dead-letter
     * headers, the same key, value and headers. Replays hand this to the consumer's path.
     */
    public ConsumerRecord<byte[], byte[]> original() {
        String topic = header(DeadLetters.SOURCE_TOPIC);
        Integer partition = sourcePartition();
        Long offset = sourceOffset();
        return new ConsumerRecord<>(topic == null ? id.topic() : topic, partition == null ? 0 : partition,
                offset == null ? 0 : offset, record.timestamp(), TimestampType.CREATE_TIME, -1, -1, record.key(),
                record.value(), record.headers(), Optional.empty());
    }

    private String key() {
        return record.key() == null ? null : shown(record.key(), MAX_HEADER_CHARS);
    }

    private int valueBytes() {
        return record.value() == null ? 0 : record.value().length;
    }

    private Integer sourcePartition() {
        String value = header(DeadLetters.SOURCE_PARTITION);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Long sourceOffset() {
        String value = header(DeadLetters.SOURCE_OFFSET);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String header(String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : shown(header.value(), MAX_HEADER_CHARS);
    }

    /** UTF-8 text, or {@code null} when the bytes are not UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Text of a header or key: UTF-8 when it is, base64 otherwise, cut at {@code max} characters. */
    private static String shown(byte[] bytes, int max) {
        String text = utf8(bytes);
        if (text == null) {
            text = "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
        return text.length() > max ? text.substring(0, max) : text;
    }
}
