package io.opencredit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard watch metrics that exist: every opencredit_* series they query is one a
 * service registers (Micrometer's Prometheus names: dots and dashes become underscores, counters end in
 * _total), so renaming a metric without its alert fails here.
 */
class MonitoringTest {

    private static final Pattern REGISTERED = Pattern.compile(
            "(Counter|Gauge|Timer|DistributionSummary)\\.builder\\(\"(opencredit\\.[^\"]+)\"|\\.gauge\\(\"(opencredit\\.[^\"]+)\"");
    private static final Pattern QUERIED = Pattern.compile("\\bopencredit_[a-z0-9_]+");

    @Test
    void alerts_and_dashboard_query_metrics_the_services_register() {
        Set<String> exported = exportedNames();
        assertThat(exported).as("metrics found in the services' code").contains("opencredit_outbox_backlog",
                "opencredit_events_dead_lettered_total", "opencredit_alerting_emails_failed_attempts_total");
        Set<String> queried = new TreeSet<>();
        queried.addAll(queried(Repo.read(Repo.path("deploy/kubernetes/base/monitoring/alerts.yaml"))));
        queried.addAll(queried(Repo.read(Repo.path("deploy/kubernetes/base/monitoring/opencredit-dashboard.json"))));
        assertThat(queried).isNotEmpty();
        assertThat(exported).as("what the services export").containsAll(queried);
    }

    @Test
    void the_alerts_cover_lag_outbox_dead_letters_email_and_a_service_down() {
        String alerts = Repo.read(Repo.path("deploy/kubernetes/base/monitoring/alerts.yaml"));
        assertThat(alerts).contains("alert: OpenCreditConsumerLag", "alert: OpenCreditOutboxBacklog",
                "alert: OpenCreditDeadLettersGrowing", "alert: OpenCreditEmailFailures", "alert: OpenCreditServiceDown");
        JsonNode dashboard = Repo.json(Repo.path("deploy/kubernetes/base/monitoring/opencredit-dashboard.json"));
        assertThat(dashboard.path("panels").size()).isGreaterThan(5);
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
        }
    }

    private static Set<String> queried(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = QUERIED.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(Repo.root())) {
            for (Path module : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(module)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        Matcher m = REGISTERED.matcher(Repo.read(file));
                        while (m.find()) {
                            String name = (m.group(2) != null ? m.group(2) : m.group(3)).replaceAll("[.-]", "_");
                            names.add("Counter".equals(m.group(1)) ? name + "_total" : name);
                            if ("Timer".equals(m.group(1)) || "DistributionSummary".equals(m.group(1))) {
                                names.add(name + "_count");
                                names.add(name + "_sum");
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
