package io.opencredit.runtime.consistency;

import io.opencredit.events.Topics;
import io.opencredit.runtime.config.RuntimeConfig;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.consumer.PositionStore;
import io.opencredit.runtime.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * SPEC R1: before a service answers that it does not know a subscription (or that the caller does not administer
 * it), its view is given the chance to catch up with what {@code activation.events} held when the request came in.
 *
 * <p>The bound has two parts. First the relay allowance: an event the activation service committed before the
 * request arrived may still sit in its outbox for a relay round; meanwhile the view is looked at again whenever this
 * instance's consumer commits. Then the end offset of the subscription's partition is taken from the broker, and
 * the answer waits until every consumer of the service that reads the topic has stored a position at or past it.
 * Caught up and still unknown is a true 404. Not caught up within {@code unknown-bound} (the broker away, the
 * consumer far behind) is 503 with {@code Retry-After}: the service cannot tell, so it does not say "unknown".
 */
@ApplicationScoped
public class ViewCatchUp {

    private static final Logger LOG = Logger.getLogger(ViewCatchUp.class);
    private static final String SOURCE = Topics.ACTIVATION_EVENTS;

    private final ConsistencyConfig config;
    private final FrontierStore frontiers;
    private final PositionStore positions;
    private final KafkaClients kafkaClients;
    private final List<String> consumers = new ArrayList<>();
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private volatile Admin admin;

    public ViewCatchUp(ConsistencyConfig config, FrontierStore frontiers, PositionStore positions, KafkaClients kafkaClients,
                       RuntimeConfig runtime, Instance<EventHandler> handlers) {
        this.config = config;
        this.frontiers = frontiers;
        this.positions = positions;
        this.kafkaClients = kafkaClients;
        for (EventHandler handler : handlers) {
            if (handler.topics().contains(SOURCE)) {
                consumers.add(runtime.serviceName() + "." + handler.name());
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Admin current = admin;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Of the {@code unknown} subscriptions, those still unknown once the view caught up, as {@code stillUnknown}
     * (given some subscriptions, the ones the view does not know) says; empty when all became known.
     *
     * @throws NotYetConsistent when the view could not be shown to have caught up within the bound
     */
    public Set<UUID> stillUnknown(Collection<UUID> unknown, Function<Set<UUID>, Set<UUID>> stillUnknown) {
        Set<UUID> missing = new TreeSet<>(unknown);
        if (missing.isEmpty() || !config.enabled() || consumers.isEmpty()) {
            return missing;
        }
        long start = System.nanoTime();
        long deadline = start + config.unknownBound().toNanos();
        long relayed = start + config.relayAllowance().toNanos();
        while (System.nanoTime() - relayed < 0) {
            pause(relayed);
            missing = new TreeSet<>(stillUnknown.apply(missing));
            if (missing.isEmpty()) {
                return missing;
            }
        }
        Map<TopicPartition, Long> ends;
        Map<TopicPartition, Long> starts = new HashMap<>();
        try {
            ends = offsets(partitions(missing, deadline), OffsetSpec.latest(), deadline);
        } catch (RuntimeException e) {
            LOG.debugf("cannot take the end offsets of %s: %s", SOURCE, e);
            throw lagging();
        }
        while (true) {
            boolean caughtUp;
            try {
                caughtUp = caughtUp(ends, starts, deadline);
            } catch (RuntimeException e) {
                LOG.debugf("cannot take the start offsets of %s: %s", SOURCE, e);
                throw lagging();
            }
            missing = new TreeSet<>(stillUnknown.apply(missing));
            if (missing.isEmpty() || caughtUp) {
                return missing;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw lagging();
            }
            pause(deadline);
        }
    }

    /**
     * The same for one subscription a request may not see ({@code visible}: known here, and the caller administers
     * it): returns at once when visible, else once it became visible or the view caught up without it.
     */
    public void awaitVisible(UUID subscription, BooleanSupplier visible) {
        if (!visible.getAsBoolean()) {
            stillUnknown(Set.of(subscription), ids -> visible.getAsBoolean() ? Set.of() : ids);
        }
    }

    private NotYetConsistent lagging() {
        return new NotYetConsistent("this service's view of subscriptions is behind " + SOURCE + " (waited "
                + config.unknownBound().toMillis() + " ms), so it cannot yet tell whether the subscription exists;"
                + " nothing was changed, try again");
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts, long deadline) {
        for (String consumer : consumers) {
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                TopicPartition tp = end.getKey();
                long stored = positions.storedOffset(consumer, tp.topic(), tp.partition());
                if (stored < 0 && end.getValue() > 0 && !starts.containsKey(tp)) {
                    starts.putAll(offsets(ends.keySet(), OffsetSpec.earliest(), deadline));
                }
                if (!caughtUp(stored, starts.getOrDefault(tp, 0L), end.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether a consumer whose stored position is {@code stored} (-1: it never stored one, having had nothing to
     * apply) has applied everything up to {@code end}, the partition holding records from {@code start}. A consumer
     * with no position is caught up only with a partition that holds no record (an unknown subscription's partition
     * may never have had one).
     */
    static boolean caughtUp(long stored, long start, long end) {
        return stored < 0 ? start >= end : stored >= end;
    }

    private void pause(long until) {
        try {
            frontiers.awaitChange(Math.max(1, Math.min(25, (until - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotYetConsistent("interrupted while waiting for the view to catch up");
        }
    }

    /** The partitions that hold the subscriptions' events. */
    private Set<TopicPartition> partitions(Collection<UUID> subscriptions, long deadline) {
        int partitions = partitionCounts.computeIfAbsent(SOURCE, topic -> describe(admin(), topic, millisTo(deadline)));
        Set<TopicPartition> wanted = new HashSet<>();
        for (UUID subscription : subscriptions) {
            wanted.add(new TopicPartition(SOURCE, partitionOf(subscription, partitions)));
        }
        return wanted;
    }

    /** The broker's earliest or latest offset of each partition. */
    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec, long deadline) {
        try {
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            for (TopicPartition tp : partitions) {
                wanted.put(tp, spec);
            }
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offset
                    : admin().listOffsets(wanted).all().get(millisTo(deadline), TimeUnit.MILLISECONDS).entrySet()) {
                offsets.put(offset.getKey(), offset.getValue().offset());
            }
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("offsets of " + SOURCE + " not available", e);
        }
    }

    private static long millisTo(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    private static int describe(Admin client, String topic, long timeoutMillis) {
        try {
            return client.describeTopics(List.of(topic)).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    /** The partition Kafka's default partitioner gives a record keyed by the subscription id (murmur2 of its bytes). */
    static int partitionOf(UUID subscription, int partitions) {
        return Utils.toPositive(Utils.murmur2(subscription.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = kafkaClients.admin(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "view-catch-up",
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000"));
                }
                current = admin;
            }
        }
        return current;
    }
}
