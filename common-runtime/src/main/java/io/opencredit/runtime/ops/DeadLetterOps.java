package io.opencredit.runtime.ops;

import io.opencredit.events.Topics;
import io.opencredit.runtime.api.DatabaseUnavailable;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.consumer.EventReplay;
import io.opencredit.runtime.consumer.PositionStore;
import io.opencredit.runtime.ops.DeadLetterSource.Outcome;
import io.opencredit.runtime.ops.DeadLetterSource.Replayed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The dead letters of this service's consumers (SPEC O7): those in the {@code .dlq} companions of
 * the topics they read whose {@code opencredit.dlq.consumer} header names one of them. Replays go
 * through the consumer's own idempotent path ({@link DeadLetterSource}) and every one is audited.
 */
@ApplicationScoped
public class DeadLetterOps {

    private static final Logger LOG = Logger.getLogger(DeadLetterOps.class);

    private final Map<String, DeadLetterSource> sources = new LinkedHashMap<>();
    private final DeadLetterReader reader;
    private final OpsAudit audit;
    private final SuiteClock clock;

    public DeadLetterOps(Instance<EventHandler> handlers, Instance<DeadLetterSource> others, RuntimeConfig config,
                         PositionStore positions, DeadLetterReader reader, OpsAudit audit, SuiteClock clock) {
        for (EventHandler handler : handlers) {
            // the consumer name ConsumerLoop dead-letters under (EventConsumers)
            String consumer = config.serviceName() + "." + handler.name();
            sources.put(consumer, new EventReplay(handler, consumer, positions));
        }
        for (DeadLetterSource source : others) {
            sources.put(source.consumer(), source);
        }
        this.reader = reader;
        this.audit = audit;
        this.clock = clock;
    }

    /** The {@code .dlq} topics of this service's consumers, in id order. */
    List<String> dlqTopics() {
        Set<String> topics = new TreeSet<>();
        sources.values().forEach(source -> source.topics().forEach(topic -> topics.add(Topics.dlq(topic))));
        return List.copyOf(topics);
    }

    public DeadLetterReader.Page list(DeadLetterId after, int limit) {
        return reader.list(sources.keySet(), dlqTopics(), after, limit);
    }

    /** The dead letter {@code id}, if it is one of this service's. */
    public Optional<DeadLetter> find(DeadLetterId id) {
        if (!dlqTopics().contains(id.topic())) {
            return Optional.empty();
        }
        return reader.find(id).filter(letter -> sources.containsKey(letter.consumer()));
    }

    /**
     * Replays {@code id} for {@code operator}: applied, or already applied (nothing changes), each audited in the
     * transaction of the replay; a refusal is audited on its own and answered 422, and the record stays a dead letter.
     */
    public Replayed replay(DeadLetterId id, String operator) {
        DeadLetter letter = find(id).orElseThrow(() -> ProblemException.notFound("no dead letter " + id.encoded()));
        DeadLetterSource source = sources.get(letter.consumer());
        String target = id.encoded();
        Instant at = clock.now();
        try {
            Replayed replayed = QuarkusTransaction.requiringNew().call(() -> {
                audit.lock(target);
                Replayed outcome = source.replay(letter.original());
                audit.record(at, operator, OpsAudit.REPLAY, target, letter.consumer(), outcome.outcome().name(), outcome.detail());
                return outcome;
            });
            LOG.infof("%s replayed dead letter %s (%s): %s", operator, target, letter.consumer(), replayed.outcome());
            return replayed;
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                throw e;
            }
            String reason = refusal(e);
            QuarkusTransaction.requiringNew().run(() ->
                    audit.record(at, operator, OpsAudit.REPLAY, target, letter.consumer(), Outcome.REFUSED.name(), reason));
            LOG.infof("%s replayed dead letter %s (%s): refused, %s", operator, target, letter.consumer(), reason);
            throw ProblemException.unprocessable("replay-refused", reason,
                    Map.of("deadLetterId", target, "outcome", Outcome.REFUSED.name()));
        }
    }

    /** The reason a replay was refused: the consumer's, or the failure as it came. */
    private static String refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ReplayRefused refused) {
                return refused.getMessage();
            }
        }
        return "replay failed: " + failure;
    }
}
