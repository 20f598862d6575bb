package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image recipe and the compose file: no Docker engine exists here, so they are checked statically.
 * docker-compose.yml against the Compose Specification's JSON schema (vendored), then the rules of
 * issue 15: built from the Dockerfile (no host build), ports on 127.0.0.1 only, a development setup
 * that says so. The Dockerfile: a JDK 17 build stage with the Maven wrapper, a JRE 17 final stage,
 * a numeric non-root user.
 */
class ContainerImageTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");

    @Test
    void the_compose_file_matches_the_compose_specification() {
        JsonNode compose = compose();
        ObjectNode schema = (ObjectNode) Repo.json(Repo.path("deploy/schemas/compose/compose-spec.json"));
        // its $id is a bare file name, which the validator refuses as a base URI; nothing refers to it
        schema.remove("$id");
        Set<ValidationMessage> problems = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(schema, SchemaValidatorsConfig.builder().build()).validate(compose);
        assertThat(problems).isEmpty();
        ObjectNode broken = compose.deepCopy();
        broken.withObjectProperty("services").withObjectProperty("ledger-service").put("portz", "8082");
        assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(schema, SchemaValidatorsConfig.builder().build()).validate(broken)).as("the schema refuses a typo").isNotEmpty();
    }

    @Test
    void O1_compose_is_a_development_setup_published_on_loopback_only() {
        String text = Repo.read(Repo.path("docker-compose.yml"));
        assertThat(text.lines().findFirst().orElse("")).as("the first line says it").contains("DEVELOPMENT SETUP ONLY");
        JsonNode services = compose().path("services");
        services.properties().forEach(entry -> {
            for (JsonNode port : entry.getValue().path("ports")) {
                assertThat(port.asText()).as(entry.getKey() + " publishes " + port.asText()).startsWith("127.0.0.1:");
            }
        });
        for (String service : Services.NAMES) {
            JsonNode definition = services.path(service);
            assertThat(definition.path("environment").path("OPENCREDIT_UNSAFE_DEV_MODE").asText()).as(service).isEqualTo("true");
            assertThat(definition.path("build").path("context").asText()).isEqualTo(".");
            assertThat(definition.path("build").path("dockerfile").asText()).isEqualTo("Dockerfile");
            assertThat(definition.path("build").path("args").path("SERVICE").asText()).isEqualTo(service);
            assertThat(definition.path("ports").get(0).asText()).endsWith(":" + Services.port(service));
        }
    }

    @Test
    void the_image_is_built_from_source_in_a_jdk_and_runs_on_a_jre_as_non_root() {
        String dockerfile = Repo.read(Repo.path("Dockerfile"));
        Matcher from = FROM.matcher(dockerfile);
        List<String> images = from.results().map(m -> m.group(1)).toList();
        assertThat(images).as("a multi-stage build").hasSizeGreaterThanOrEqualTo(2);
        assertThat(images.get(0)).as("build stage").matches(".*:17-jdk.*");
        assertThat(images.get(images.size() - 1)).as("final stage").matches(".*:17-jre.*");
        assertThat(dockerfile).contains("./mvnw ").contains("COPY --from=build");
        assertThat(dockerfile).as("no jar from a host build").doesNotContainPattern("(?m)^COPY (?!--from)\\S*target/");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        List<String> users = user.results().map(m -> m.group(1)).toList();
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).as("a numeric, non-root user").matches("[1-9][0-9]*(:[0-9]+)?");
        String ignore = Repo.read(Repo.path(".dockerignore"));
        assertThat(ignore.lines()).contains("**/target", ".git", "deploy/kubernetes/overlays/*/site.env");
    }

    private static JsonNode compose() {
        return Repo.yamlDocuments(Repo.read(Repo.path("docker-compose.yml"))).get(0);
    }
}
