package io.opencredit.runtime.consumer;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A service's consumer of suite events. Each bean gets its own Kafka consumer (group
 * {@code <service>.<name>}) run by {@link EventConsumers}; {@link #handle} is called inside a
 * transaction that also records the events as processed and the consumed positions, so its
 * effects and its progress commit together (effectively once). Events already processed are
 * filtered out before the call (unless the handler {@linkplain #deduplicatesByContent deduplicates
 * by content}); malformed records never reach it (they go to the {@code .dlq}).
 */
public interface EventHandler {

    /** Short name, unique in the service; part of the consumer group id and the inbox key. */
    String name();

    /** Topics to read. */
    List<String> topics();

    /** Applies a batch of new events, in the order they were read. Runs in the batch's transaction. */
    void handle(List<ConsumedEvent> events);

    /**
     * Whether this handler recognises a repeated event by its content alone, so the loop need not
     * keep its event ids in the processed-event table. Only a handler whose every effect is keyed by
     * a business id it stores in the same transaction may say yes (the ledger: usage id, token id,
     * "already created" and so on); a repeated event then changes nothing because it repeats that
     * key, whatever its event id. Saves a look-up and an insert per event.
     */
    default boolean deduplicatesByContent() {
        return false;
    }

    /** Partitions this instance now owns (after their positions were fenced and loaded). */
    default void onAssigned(Collection<TopicPartition> partitions) {
    }

    /** Partitions this instance no longer owns: drop what is cached for them. */
    default void onRevoked(Collection<TopicPartition> partitions) {
    }
}
