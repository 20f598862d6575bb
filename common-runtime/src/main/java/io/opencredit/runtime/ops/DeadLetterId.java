package io.opencredit.runtime.ops;

import io.opencredit.events.Topics;
import io.opencredit.runtime.api.Paging;
import io.opencredit.runtime.api.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The stable id of a dead letter: where it lies, {@code <dlq-topic>:<partition>:<offset>}, in
 * URL-safe base64 without padding, so it fits a path segment whatever the topic name holds.
 */
public record DeadLetterId(String topic, int partition, long offset) implements Comparable<DeadLetterId> {

    private static final int MAX_LENGTH = 400;

    public String encoded() {
        String plain = topic + ":" + partition + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes an id from a request; anything that is not one (or not a {@code .dlq} topic) is 404, as an unknown id. */
    /** A list's {@code after}: a dead letter's id, else 400 {@code invalid-cursor} (not 404: it names no resource). */
    public static DeadLetterId cursor(String after) {
        try {
            return parse(after);
        } catch (ProblemException e) {
            throw Paging.invalidCursor();
        }
    }

    public static DeadLetterId parse(String encoded) {
        try {
            if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("length");
            }
            String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int last = plain.lastIndexOf(':');
            int middle = plain.lastIndexOf(':', last - 1);
            String topic = plain.substring(0, middle);
            int partition = Integer.parseInt(plain.substring(middle + 1, last));
            long offset = Long.parseLong(plain.substring(last + 1));
            if (!topic.endsWith(Topics.dlq("")) || partition < 0 || offset < 0) {
                throw new IllegalArgumentException("not a dead letter");
            }
            return new DeadLetterId(topic, partition, offset);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ProblemException.notFound("no dead letter " + shortened(encoded));
        }
    }

    private static String shortened(String text) {
        return text == null ? "" : text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    @Override
    public int compareTo(DeadLetterId other) {
        int byTopic = topic.compareTo(other.topic);
        if (byTopic != 0) {
            return byTopic;
        }
        int byPartition = Integer.compare(partition, other.partition);
        return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
    }
}
