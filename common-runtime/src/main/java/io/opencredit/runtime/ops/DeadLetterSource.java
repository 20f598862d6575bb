package io.opencredit.runtime.ops;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumer of this service whose dead letters an operator may replay (SPEC O7). Every
 * {@link io.opencredit.runtime.consumer.EventHandler} is one already ({@link HandlerReplay}); a
 * service with a consumer of its own (the gateway's usage intake) adds a bean of this type.
 */
public interface DeadLetterSource {

    /** The consumer's name, as dead-lettered records carry it in {@code opencredit.dlq.consumer}. */
    String consumer();

    /** The topics it reads; their {@code .dlq} companions hold its dead letters. */
    List<String> topics();

    /**
     * Applies {@code record} (its source topic, partition and offset, original key, value and headers) through the
     * consumer's own idempotent path, inside the caller's transaction.
     *
     * @throws ReplayRefused if the record is still malformed or still refused by a rule
     */
    Replayed replay(ConsumerRecord<byte[], byte[]> record);

    /** What a replay did. */
    record Replayed(Outcome outcome, String detail) {
    }

    /** Outcomes of a replay, as the answer and the audit trail name them. */
    enum Outcome {
        APPLIED, ALREADY_APPLIED, REFUSED
    }
}
