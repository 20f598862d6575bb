package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC O4: running out of memory ends a service's JVM, so that whatever runs it starts a fresh one instead of
 * keeping an instance whose background threads may have died. Every way the suite launches a service JVM says so.
 */
class OutOfMemoryExitTest {

    private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void O4_every_service_container_of_every_overlay_ends_on_out_of_memory() {
        for (String overlay : List.of("dev", "production")) {
            List<ObjectNode> objects = Kustomize.overlay(overlay);
            for (String service : Services.NAMES) {
                JsonNode deployment = objects.stream()
                        .filter(o -> "Deployment".equals(o.path("kind").asText()) && service.equals(o.path("metadata").path("name").asText()))
                        .findFirst().orElseThrow(() -> new AssertionError(overlay + " has no Deployment " + service));
                for (JsonNode container : Policies.podSpec(deployment).path("containers")) {
                    assertThat(Policies.env(container, "JAVA_OPTS")).as(overlay + "/" + service + " JAVA_OPTS").contains(FLAG);
                }
            }
        }
    }

    @Test
    void O4_the_image_the_compose_file_and_the_local_launchers_end_on_out_of_memory() {
        String dockerfile = Repo.read(Repo.path("Dockerfile"));
        assertThat(dockerfile).as("the image's default JAVA_OPTS").containsPattern("ENV JAVA_OPTS=\"[^\"]*" + FLAG.replace("+", "\\+"));
        assertThat(dockerfile).as("the entry point uses them").contains("$JAVA_OPTS");

        JsonNode services = Repo.yamlDocuments(Repo.read(Repo.path("docker-compose.yml"))).get(0).path("services");
        for (String service : Services.NAMES) {
            assertThat(services.path(service).path("environment").path("JAVA_OPTS").asText()).as("compose " + service).contains(FLAG);
        }

        assertThat(Repo.read(Repo.path("local-suite/src/main/java/io/opencredit/local/ServiceProcesses.java")))
                .as("./opencredit up starts each service JVM with it").contains("\"" + FLAG + "\"");
        assertThat(Repo.read(Repo.path("opencredit"))).as("the launcher's own JVM").contains("exec java").contains(FLAG);
    }
}
