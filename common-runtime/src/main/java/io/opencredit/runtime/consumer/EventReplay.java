package io.opencredit.runtime.consumer;

import io.opencredit.runtime.ops.DeadLetterSource;
import io.opencredit.runtime.ops.ReplayRefused;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The replay of one dead-lettered event to its {@link EventHandler} (SPEC O7), the way
 * {@link ConsumerLoop} applies a record: decoded by the same code, skipped when its event id is
 * already processed, otherwise handled and marked processed in the caller's transaction, so a
 * second replay (or a later redelivery) changes nothing. Positions are not touched: the loop has
 * long moved past the record. Handlers that deduplicate by content are marked too, which costs
 * them nothing and lets a replay tell "already applied".
 */
public final class EventReplay implements DeadLetterSource {

    private final EventHandler handler;
    private final String consumer;
    private final PositionStore positions;

    public EventReplay(EventHandler handler, String consumer, PositionStore positions) {
        this.handler = handler;
        this.consumer = consumer;
        this.positions = positions;
    }

    @Override
    public String consumer() {
        return consumer;
    }

    @Override
    public List<String> topics() {
        return handler.topics();
    }

    @Override
    public Replayed replay(ConsumerRecord<byte[], byte[]> record) {
        ConsumerLoop.Decoding decoding = ConsumerLoop.decodeAll(List.of(record)).get(0);
        if (decoding.error() != null) {
            throw new ReplayRefused("still malformed: " + decoding.error().getMessage());
        }
        UUID eventId = decoding.envelope().eventId();
        if (!positions.alreadyProcessed(consumer, List.of(eventId)).isEmpty()) {
            return new Replayed(Outcome.ALREADY_APPLIED, "event " + eventId + " was already applied; nothing changed");
        }
        try {
            handler.handle(List.of(new ConsumedEvent(record.topic(), record.partition(), record.offset(), decoding.envelope())));
        } catch (RuntimeException e) {
            if (ConsumerLoop.neverApplicable(e)) {
                throw new ReplayRefused("still refused by " + consumer + ": " + e, e);
            }
            throw e; // may pass (SPEC O8): the record stays a dead letter and the operator may try again
        }
        positions.markProcessed(consumer, List.of(eventId));
        return new Replayed(Outcome.APPLIED, "event " + eventId + " (" + decoding.envelope().type() + ") applied by " + consumer);
    }
}
