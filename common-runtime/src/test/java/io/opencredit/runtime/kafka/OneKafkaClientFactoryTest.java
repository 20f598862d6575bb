package io.opencredit.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SPEC O2: a Kafka client built anywhere but {@link KafkaClients} would miss the configured settings (a secured
 * cluster's SASL and TLS), so no other main source of the suite constructs one.
 */
class OneKafkaClientFactoryTest {

    /** {@code new KafkaConsumer<>(...)}, {@code new KafkaProducer<>(...)}, {@code Admin.create(...)} and the like. */
    private static final Pattern CONSTRUCTION = Pattern.compile(
            "new\\s+Kafka(Consumer|Producer)\\s*<|\\b(Admin|AdminClient|KafkaAdminClient)\\s*\\.\\s*create\\s*\\(");
    /**
     * Main code that is not a service's: the test kit's helpers reach the embedded broker of the tests, which needs
     * no configured settings.
     */
    private static final List<String> NOT_A_SERVICE = List.of("test-kit");

    @Test
    void O2_only_KafkaClients_constructs_kafka_clients() throws IOException {
        Path root = repositoryRoot();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> isMainSource(root.relativize(file)))
                    .filter(file -> !file.getFileName().toString().equals("KafkaClients.java"))
                    .forEach(file -> {
                        if (CONSTRUCTION.matcher(read(file)).find()) {
                            offenders.add(root.relativize(file).toString());
                        }
                    });
        }
        assertThat(offenders).as("main sources that construct a Kafka client instead of asking KafkaClients").isEmpty();
    }

    @Test
    void the_check_recognises_every_way_of_constructing_a_client() {
        assertThat(List.of("new KafkaConsumer<>(props)", "new KafkaProducer<String, byte[]>(props)",
                "Admin.create(Map.of())", "AdminClient.create(props)", "KafkaAdminClient .create(props)"))
                .allMatch(code -> CONSTRUCTION.matcher(code).find());
        assertThat(CONSTRUCTION.matcher("kafkaClients.consumer(settings)").find()).isFalse();
    }

    private static boolean isMainSource(Path relative) {
        String path = relative.toString().replace('\\', '/');
        return path.contains("/src/main/java/") && !path.contains("/target/")
                && NOT_A_SERVICE.stream().noneMatch(module -> path.startsWith(module + "/"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory holding {@code mvnw}, found by walking up from where the tests run. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
}
