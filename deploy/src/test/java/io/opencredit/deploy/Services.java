package io.opencredit.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the services' sources say about themselves: port, database, topics produced and consumed. */
final class Services {

    static final List<String> NAMES = List.of("activation-service", "ledger-service", "alerting-service", "billing-gateway");

    private static final Pattern CONSTANT = Pattern.compile("public static final String ([A-Z_]+) = \"([^\"]+)\"");
    private static final Pattern PRODUCED = Pattern.compile("outbox\\.append\\w*\\(\\s*Topics\\.([A-Z_]+)");
    private static final Pattern CONSUMED = Pattern.compile("(?:topics\\(\\)\\s*\\{[^}]*?return|subscribe\\()\\s*List\\.of\\(([^)]*)\\)");
    private static final Pattern TOPIC_REFERENCE = Pattern.compile("Topics\\.([A-Z_]+)");

    private Services() {
    }

    static int port(String service) {
        return Integer.parseInt(properties(service).getProperty("quarkus.http.port"));
    }

    /** The database name in the service's default JDBC URL. */
    static String database(String service) {
        String url = properties(service).getProperty("quarkus.datasource.jdbc.url");
        Matcher m = Pattern.compile("/([a-z]+)}?$").matcher(url);
        if (!m.find()) {
            throw new IllegalStateException("no database in " + url);
        }
        return m.group(1);
    }

    /** opencredit.topics.owned: the topics the service creates at start-up if missing. */
    static Set<String> owned(String service) {
        return new TreeSet<>(List.of(properties(service).getProperty("opencredit.topics.owned", "").split(",")));
    }

    /** The topics its outbox appends to. */
    static Set<String> produced(String service) {
        return topics(service, PRODUCED, false);
    }

    /** The topics its handlers and consumers subscribe to. */
    static Set<String> consumed(String service) {
        return topics(service, CONSUMED, true);
    }

    /** Topics.java's constants: name to topic. */
    static Map<String, String> topicConstants() {
        String source = Repo.read(Repo.path("common-events/src/main/java/io/opencredit/events/Topics.java"));
        Map<String, String> topics = new LinkedHashMap<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            if (!m.group(1).endsWith("_KEY") && !m.group(1).equals("DLQ_SUFFIX")) {
                topics.put(m.group(1), m.group(2));
            }
        }
        return topics;
    }

    private static Set<String> topics(String service, Pattern pattern, boolean list) {
        Map<String, String> constants = topicConstants();
        Set<String> topics = new TreeSet<>();
        for (String source : sources(service)) {
            Matcher m = pattern.matcher(source);
            while (m.find()) {
                if (list) {
                    Matcher reference = TOPIC_REFERENCE.matcher(m.group(1));
                    while (reference.find()) {
                        topics.add(constants.get(reference.group(1)));
                    }
                } else {
                    topics.add(constants.get(m.group(1)));
                }
            }
        }
        return topics;
    }

    private static List<String> sources(String service) {
        try (Stream<Path> files = Files.walk(Repo.path(service + "/src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).map(Repo::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(String service) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repo.read(Repo.path(service + "/src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
