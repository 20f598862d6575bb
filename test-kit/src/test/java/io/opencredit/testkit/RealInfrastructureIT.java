package io.opencredit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kit against itself, as plain JUnit (the kit has no Quarkus application): the lifecycle manager
 * is started by hand the way Quarkus starts it, then each server is used with plain clients.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealInfrastructureIT {

    private static Map<String, String> ledger;
    private static Map<String, String> alerting;

    /** The test's own Kafka clients print their whole configuration at INFO. */
    private static final java.util.logging.Logger KAFKA_CLIENTS = org.jboss.logmanager.Logger.getLogger("org.apache.kafka");

    @BeforeAll
    static void start() {
        KAFKA_CLIENTS.setLevel(java.util.logging.Level.WARNING);
        long begin = System.nanoTime();
        ledger = startResource(Map.of("database", "ledger", "smtp", "true"));
        long cold = (System.nanoTime() - begin) / 1_000_000;
        begin = System.nanoTime();
        alerting = startResource(Map.of("database", "alerting"));
        long warm = (System.nanoTime() - begin) / 1_000_000;
        System.out.printf("%n[test-kit] cold start of broker + PostgreSQL + GreenMail (with the first database): %d ms;"
                + " second start (new database only): %d ms%n[test-kit] per server (ms): %s%n[test-kit] %s%n%n",
                cold, warm, RealInfrastructure.startTimes(), RealInfrastructure.describe());
    }

    private static Map<String, String> startResource(Map<String, String> args) {
        RealInfrastructure resource = new RealInfrastructure();
        resource.init(args);
        return resource.start();
    }

    @Test
    @Order(1)
    void hands_quarkus_the_configuration_of_every_server() {
        assertThat(ledger).containsKeys("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url",
                "quarkus.datasource.username", "quarkus.datasource.password");
        assertThat(ledger).containsEntry("kafka.bootstrap.servers", RealInfrastructure.kafkaBootstrap())
                .containsEntry("quarkus.mailer.host", RealInfrastructure.smtpHost())
                .containsEntry("quarkus.mailer.port", Integer.toString(RealInfrastructure.smtpPort()))
                .containsEntry("quarkus.mailer.mock", "false")
                .containsEntry("quarkus.mailer.start-tls", "DISABLED")
                .containsEntry("quarkus.mailer.from", "opencredit@localhost");
        if (embedded("kafka")) {
            assertThat(ledger.get("kafka.bootstrap.servers")).startsWith("127.0.0.1:");
        }
        if (embedded("smtp")) {
            assertThat(ledger.get("quarkus.mailer.host")).isEqualTo("127.0.0.1");
        }
        assertThat(alerting).doesNotContainKey("quarkus.mailer.host");
        assertThat(alerting.get("kafka.bootstrap.servers")).isEqualTo(ledger.get("kafka.bootstrap.servers"));
    }

    @Test
    @Order(2)
    void kafka_round_trip_on_a_three_partition_topic() {
        String topic = "selftest.events." + UUID.randomUUID();
        KafkaTestSupport.createTopic(topic, 3);
        assertThat(KafkaTestSupport.partitionCount(topic)).isEqualTo(3);

        List<EventEnvelope> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(EventEnvelope.of(UUID.randomUUID(), new CoAdministratorAdded("admin" + i + "@example.com",
                    "reseller@example.com"), "test-kit", null, Instant.now()));
        }
        List<RecordMetadata> written = KafkaTestSupport.produce(topic, sent.toArray(EventEnvelope[]::new));
        Set<Integer> partitions = new HashSet<>();
        written.forEach(m -> partitions.add(m.partition()));
        assertThat(partitions).as("12 keys spread over the 3 partitions").hasSizeGreaterThan(1);
        // a poison pill on the same topic is skipped by the event reader
        KafkaTestSupport.produceRaw(topic, "not-an-event", "{not json".getBytes(StandardCharsets.UTF_8),
                Map.of("opencredit.dlq.reason", "not JSON"));

        List<EventEnvelope> read = KafkaTestSupport.readEventsUntil(topic, events -> events.size() == sent.size(),
                Duration.ofSeconds(30));
        assertThat(read).extracting(EventEnvelope::eventId)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(EventEnvelope::eventId).toList());

        List<ConsumerRecord<byte[], byte[]>> records = KafkaTestSupport.readRecords(topic);
        assertThat(records).hasSize(13);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if ("not-an-event".equals(KafkaTestSupport.key(record))) {
                assertThat(KafkaTestSupport.header(record, "opencredit.dlq.reason")).isEqualTo("not JSON");
                assertThat(KafkaTestSupport.headers(record)).containsEntry("opencredit.dlq.reason", "not JSON");
            } else {
                EventEnvelope event = KafkaTestSupport.decode(record);
                assertThat(KafkaTestSupport.key(record)).isEqualTo(event.key());
            }
        }
    }

    @Test
    @Order(3)
    void topics_are_created_on_first_use_with_the_default_partition_count() {
        String topic = "selftest.auto." + UUID.randomUUID();
        KafkaTestSupport.produceRaw(topic, "k", "v".getBytes(StandardCharsets.UTF_8));
        assertThat(KafkaTestSupport.partitionCount(topic)).isEqualTo(1);
        assertThat(KafkaTestSupport.readRecordsUntil(topic, r -> r.size() == 1, Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    @Order(3)
    void the_secured_broker_authenticates_and_refuses_what_no_acl_allows() throws Exception {
        String topic = "selftest.secured." + UUID.randomUUID();
        assertThat(RealInfrastructure.securedKafkaBootstrap()).isNotEqualTo(RealInfrastructure.kafkaBootstrap());
        try (Admin admin = Admin.create(RealInfrastructure.securedKafkaAdminProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        RealInfrastructure.createSecuredKafkaUser("nobody", "nobody-secret");

        try (KafkaProducer<String, String> asAdmin = producer(RealInfrastructure.securedKafkaAdminProperties())) {
            assertThat(asAdmin.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS).offset()).isZero();
        }
        try (KafkaProducer<String, String> nobody = producer(
                RealInfrastructure.securedKafkaClientProperties("nobody", "nobody-secret"))) {
            assertThatThrownBy(() -> nobody.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> wrongPassword = producer(
                RealInfrastructure.securedKafkaClientProperties("nobody", "guessed"))) {
            assertThatThrownBy(() -> wrongPassword.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> props = new HashMap<>(settings);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        return new KafkaProducer<>(props);
    }

    @Test
    @Order(4)
    void every_start_gets_a_fresh_database_of_its_own() throws SQLException {
        String ledgerUrl = ledger.get("quarkus.datasource.jdbc.url");
        String alertingUrl = alerting.get("quarkus.datasource.jdbc.url");
        assertThat(ledgerUrl).isNotEqualTo(alertingUrl).startsWith("jdbc:postgresql://");
        if (embedded("postgres")) {
            assertThat(ledgerUrl).startsWith("jdbc:postgresql://127.0.0.1:");
        }
        assertThat(RealInfrastructure.database("ledger").jdbcUrl()).isEqualTo(ledgerUrl);
        assertThat(RealInfrastructure.jdbcUrl("alerting")).isEqualTo(alertingUrl);

        try (Connection a = connect(ledger); Connection b = connect(alerting)) {
            assertThat(single(a, "select 1")).isEqualTo("1");
            assertThat(single(b, "select 1")).isEqualTo("1");
            assertThat(single(a, "select current_database()")).startsWith("ledger_")
                    .isEqualTo(RealInfrastructure.database("ledger").name());
            assertThat(single(b, "select current_database()")).startsWith("alerting_");
            try (Statement statement = a.createStatement()) {
                statement.execute("create table balance (id int primary key, amount numeric not null)");
                statement.execute("insert into balance values (1, 10.50)");
            }
            try (Statement statement = b.createStatement()) {
                statement.execute("create table balance (id int primary key, note text)");
            }
            assertThat(single(a, "select amount from balance where id = 1")).isEqualTo("10.50");
            assertThat(single(b, "select count(*) from balance")).isEqualTo("0");
        }
        Database again = RealInfrastructure.createDatabase("ledger");
        assertThat(again.jdbcUrl()).isNotEqualTo(ledgerUrl);
        try (Connection c = again.connect()) {
            assertThat(single(c, "select count(*) from information_schema.tables where table_name = 'balance'"))
                    .isEqualTo("0");
        }
    }

    @Test
    @Order(5)
    void mail_sent_over_smtp_is_received_by_greenmail() throws Exception {
        assumeTrue(embedded("smtp"), "reading mail needs the kit's GreenMail");
        RealInfrastructure.purgeMessages();
        send("alert@example.com", "Credit low", "Your credit is low.");
        List<MimeMessage> messages = RealInfrastructure.awaitMessages(1, Duration.ofSeconds(10));
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).getSubject()).isEqualTo("Credit low");
        assertThat(messages.get(0).getAllRecipients()[0].toString()).isEqualTo("alert@example.com");
        assertThat(messages.get(0).getContent().toString()).contains("Your credit is low.");
        // same class loader here, so GreenMail itself is at hand
        assertThat(RealInfrastructure.greenMail()).isNotInstanceOf(BridgedGreenMail.class);
        assertThat(RealInfrastructure.greenMail().getReceivedMessages()).hasSize(1);
        // what a @QuarkusTest gets instead (built here by hand; it must not bind the server's port)
        BridgedGreenMail bridged = new BridgedGreenMail(RealInfrastructure.smtpHost(), RealInfrastructure.smtpPort());
        assertThat(bridged.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Credit low");
        assertThat(bridged.getReceivedMessagesForDomain("example.com")).hasSize(1);
        assertThat(bridged.getReceivedMessagesForDomain("elsewhere.org")).isEmpty();
        assertThat(bridged.waitForIncomingEmail(500, 1)).isTrue();
        assertThat(bridged.waitForIncomingEmail(200, 2)).isFalse();
        assertThat(bridged.isRunning()).isTrue();
        assertThatThrownBy(bridged::getUserManager).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @Order(6)
    void smtp_outage_refuses_mail_until_the_server_is_back_on_the_same_port() throws Exception {
        assumeTrue(embedded("smtp"), "an outage needs the kit's GreenMail");
        int port = RealInfrastructure.smtpPort();
        RealInfrastructure.stopSmtp();
        assertThat(RealInfrastructure.smtpRunning()).isFalse();
        assertThatThrownBy(() -> send("down@example.com", "lost", "nobody listens"))
                .isInstanceOf(MessagingException.class);

        RealInfrastructure.startSmtp();
        assertThat(RealInfrastructure.smtpPort()).isEqualTo(port);
        send("back@example.com", "Back", "delivered");
        assertThat(RealInfrastructure.awaitMessages(1, Duration.ofSeconds(10)))
                .extracting(MimeMessage::getSubject).contains("Back");
    }

    @Test
    @Order(7)
    void tokens_carry_the_expected_claims_and_bad_ones_are_refused() throws Exception {
        PublicKey publicKey = publicKey();
        JwtConsumer verifier = new JwtConsumerBuilder().setExpectedIssuer(TestTokens.ISSUER).setExpectedAudience(TestTokens.AUDIENCE)
                .setVerificationKey(publicKey).setRequireExpirationTime().setRequireSubject().setRequireIssuedAt().build();

        JwtClaims claims = verifier.processToClaims(TestTokens.customer("a@example.com"));
        assertThat(claims.getIssuer()).isEqualTo("https://opencredit.local/issuer");
        assertThat(claims.getAudience()).containsExactly("opencredit");
        assertThat(claims.getClaimValueAsString("upn")).isEqualTo("a@example.com");
        assertThat(claims.getClaimValueAsString("email")).isEqualTo("a@example.com");
        assertThat(claims.getSubject()).isEqualTo("a@example.com");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("customer");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(3600);
        assertThat(verifier.processToClaims(TestTokens.operator()).getStringListClaimValue("groups"))
                .containsExactly("operator");
        assertThat(verifier.processToClaims(TestTokens.reseller("r@example.com")).getStringListClaimValue("groups"))
                .containsExactly("reseller");
        assertThat(verifier.processToClaims(TestTokens.meter()).getStringListClaimValue("groups"))
                .containsExactly("meter");
        assertThat(TestTokens.bearer("abc")).isEqualTo("Bearer abc");

        assertThatThrownBy(() -> verifier.processToClaims(TestTokens.withWrongIssuer("a@example.com", "customer")))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier.processToClaims(TestTokens.expired("a@example.com", "customer")))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier.processToClaims(TestTokens.signedByAnotherKey("a@example.com", "customer")))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier.processToClaims(TestTokens.withoutAudience("a@example.com", "customer")))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier.processToClaims(TestTokens.withAudience("another", "a@example.com", "customer")))
                .isInstanceOf(InvalidJwtException.class);
        JwtClaims old = verifier.processToClaims(TestTokens.issuedAgo(java.time.Duration.ofHours(13), "a@example.com", "customer"));
        assertThat(old.getIssuedAt().getValue()).isLessThan(java.time.Instant.now().minus(java.time.Duration.ofHours(12)).getEpochSecond());
    }

    @Test
    @Order(8)
    void postgres_stops_and_starts_again_with_its_data() throws SQLException {
        assumeTrue(embedded("postgres"), "only the kit's own PostgreSQL can be stopped");
        RealInfrastructure.stopPostgres();
        assertThatThrownBy(() -> connect(ledger).close()).isInstanceOf(SQLException.class);
        RealInfrastructure.startPostgres();
        try (Connection a = connect(ledger)) {
            assertThat(single(a, "select amount from balance where id = 1")).isEqualTo("10.50");
        }
    }

    @Test
    @Order(9)
    void kafka_restarts_on_the_same_port_with_its_topics() {
        assumeTrue(embedded("kafka"), "only the kit's own broker can be restarted");
        String topic = "selftest.restart." + UUID.randomUUID();
        KafkaTestSupport.createTopic(topic, 3);
        KafkaTestSupport.produceRaw(topic, "before", "1".getBytes(StandardCharsets.UTF_8));
        String bootstrap = RealInfrastructure.kafkaBootstrap();
        long begin = System.nanoTime();
        RealInfrastructure.restartKafka();
        System.out.printf("[test-kit] Kafka restart took %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        assertThat(RealInfrastructure.kafkaBootstrap()).isEqualTo(bootstrap);
        KafkaTestSupport.produceRaw(topic, "after", "2".getBytes(StandardCharsets.UTF_8));
        assertThat(KafkaTestSupport.readRecordsUntil(topic, r -> r.size() == 2, Duration.ofSeconds(30)))
                .extracting(KafkaTestSupport::key).containsExactlyInAnyOrder("before", "after");
        assertThat(KafkaTestSupport.partitionCount(topic)).isEqualTo(3);
    }

    // ------------------------------------------------------------------------------------------

    private static boolean embedded(String server) {
        return "embedded".equals(RealInfrastructure.sources().get(server));
    }

    private static Connection connect(Map<String, String> config) throws SQLException {
        return new Database("x", "x", config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password")).connect();
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void send(String to, String subject, String text) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", RealInfrastructure.smtpHost());
        props.put("mail.smtp.port", Integer.toString(RealInfrastructure.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "2000");
        props.put("mail.smtp.timeout", "2000");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("opencredit@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText(text);
        Transport.send(message);
    }

    /** The public half of the development key; equal to common-runtime's committed public key. */
    private static PublicKey publicKey() throws Exception {
        RSAPrivateCrtKey key;
        try (var in = TestTokens.class.getResourceAsStream("/opencredit/dev/jwt-private.pem")) {
            key = (RSAPrivateCrtKey) io.smallrye.jwt.util.KeyUtils.decodePrivateKey(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PublicKey derived = rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        Path committed = Path.of("..", "common-runtime", "src", "main", "resources", "opencredit", "dev", "jwt-public.pem");
        if (Files.exists(committed)) {
            String pem = Files.readString(committed).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey published = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
            assertThat(published).as("common-runtime's public key matches the test-kit's private key")
                    .isEqualTo(derived);
        }
        return derived;
    }
}
