package io.opencredit.runtime.kafka;

import io.opencredit.events.Topics;
import io.opencredit.runtime.config.RuntimeConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * Creates the topics a service owns, if missing, before its consumers and relay start: each owned
 * topic with its {@code .dlq}, and {@code ops.clock} as a compacted single partition (SPEC C2).
 * On a managed cluster the same topics come from KafkaTopic resources; creation is then a no-op.
 */
@ApplicationScoped
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    private final KafkaClients kafkaClients;
    private final RuntimeConfig config;

    public TopicInitializer(KafkaClients kafkaClients, RuntimeConfig config) {
        this.kafkaClients = kafkaClients;
        this.config = config;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        Optional<List<String>> owned = config.topics().owned();
        if (owned.isEmpty() || owned.get().isEmpty()) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String name : owned.get()) {
            if (name.equals(Topics.OPS_CLOCK)) {
                topics.add(new NewTopic(name, Optional.of(1), Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            } else {
                topics.add(new NewTopic(name, Optional.of(config.topics().partitions()), Optional.empty()));
                topics.add(new NewTopic(Topics.dlq(name), Optional.of(1), Optional.empty()));
            }
        }
        try (Admin admin = kafkaClients.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            LOG.warnf("could not create topics (%s); they may exist already or be auto-created", e.getCause());
        } catch (TimeoutException e) {
            LOG.warnf("Kafka did not answer while creating topics; continuing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
