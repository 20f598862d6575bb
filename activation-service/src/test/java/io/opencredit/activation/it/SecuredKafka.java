package io.opencredit.activation.it;

import io.opencredit.events.Topics;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * RealInfrastructure with the secured broker (SASL/SCRAM-SHA-512, ACLs, nothing allowed without
 * one), set up as on the cluster: the topics exist (KafkaTopic there), the principal
 * {@code activation-service} has exactly the ACLs of its KafkaUser in
 * {@code deploy/kubernetes/base/kafka/users.yaml}, {@code intruder} may log in and write nothing.
 * The service gets {@code kafka.security.protocol}, {@code kafka.sasl.mechanism} and
 * {@code kafka.sasl.jaas.config} of its own principal.
 */
public class SecuredKafka implements QuarkusTestResourceLifecycleManager {

    static final String SERVICE = "activation-service";
    static final String SERVICE_PASSWORD = "activation-secret";
    static final String INTRUDER = "intruder";
    static final String INTRUDER_PASSWORD = "intruder-secret";

    private final RealInfrastructure infrastructure = new RealInfrastructure();

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.put(RealInfrastructure.KAFKA_SECURITY, "sasl-scram");
        infrastructure.init(args);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(infrastructure.start());
        RealInfrastructure.createSecuredKafkaUser(SERVICE, SERVICE_PASSWORD);
        RealInfrastructure.createSecuredKafkaUser(INTRUDER, INTRUDER_PASSWORD);
        try (Admin admin = Admin.create(RealInfrastructure.securedKafkaAdminProperties())) {
            createTopics(admin);
            admin.createAcls(serviceAcls()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not set up the secured broker's topics and ACLs", e);
        }
        awaitAclsInForce();
        RealInfrastructure.scramSettings(SERVICE, SERVICE_PASSWORD).forEach((key, value) -> config.put("kafka." + key, value));
        return config;
    }

    @Override
    public void stop() {
        infrastructure.stop();
    }

    /** ACLs reach the broker's authorizer a moment after the controller took them: wait until the service sees its topic. */
    private static void awaitAclsInForce() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin asService = Admin.create(RealInfrastructure.securedKafkaClientProperties(SERVICE, SERVICE_PASSWORD))) {
            while (!asService.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.ACTIVATION_EVENTS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the ACLs of " + SERVICE + " are not in force after 30 s");
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not check the ACLs of " + SERVICE, e);
        }
    }

    private static void createTopics(Admin admin) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(Topics.ACTIVATION_EVENTS, Topics.dlq(Topics.ACTIVATION_EVENTS), Topics.LEDGER_EVENTS,
                Topics.dlq(Topics.LEDGER_EVENTS))) {
            topics.add(new NewTopic(name, Optional.of(1), Optional.empty()));
        }
        topics.add(new NewTopic(Topics.OPS_CLOCK, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The KafkaUser {@code activation-service} of the deployment (SPEC O2): its own topic, what it reads, its groups. */
    static List<AclBinding> serviceAcls() {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, ResourceType.TOPIC, Topics.ACTIVATION_EVENTS, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, ResourceType.TOPIC, Topics.dlq(Topics.ACTIVATION_EVENTS), PatternType.LITERAL, AclOperation.DESCRIBE);
        allow(acls, ResourceType.TOPIC, Topics.LEDGER_EVENTS, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, ResourceType.TOPIC, Topics.dlq(Topics.LEDGER_EVENTS), PatternType.LITERAL, AclOperation.WRITE,
                AclOperation.DESCRIBE);
        allow(acls, ResourceType.TOPIC, Topics.OPS_CLOCK, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, ResourceType.GROUP, SERVICE + ".", PatternType.PREFIXED, AclOperation.READ);
        return acls;
    }

    private static void allow(List<AclBinding> acls, ResourceType type, String name, PatternType pattern,
                              AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + SERVICE, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
