package io.opencredit.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the rule ids in test names anchored: a test named {@code K3_...} must lead to a rule K3 in
 * {@code docs/rules.md}. It scans every test source of the repository and fails naming each id the
 * page does not define (a heading {@code ### K3. ...}). Lives here because common-events is the
 * module every build compiles first and has no Quarkus to start.
 */
class RuleIdsTest {

    /** A rule's heading in docs/rules.md: {@code ### K3. Five-year activation window}. */
    private static final Pattern RULE_HEADING = Pattern.compile("(?m)^### ([A-Z][0-9]+)\\.");
    /** A test method whose name starts with one or more ids: {@code void K5_M2_T1_activation_...(}. */
    private static final Pattern TEST_METHOD = Pattern.compile("\\bvoid\\s+((?:[A-Z][0-9]+_)+)\\w*\\s*\\(");
    /** Folders that hold no sources of ours (build output, state of the local run, git). */
    private static final Set<String> SKIPPED = Set.of("target", ".git", ".mvn", ".opencredit", "node_modules");

    @Test
    void every_rule_id_in_a_test_name_is_defined_in_docs_rules_md() throws IOException {
        Path root = repositoryRoot();
        Set<String> defined = definedIds(Files.readString(root.resolve("docs/rules.md"), StandardCharsets.UTF_8));
        Map<String, List<String>> used = usedIds(root);

        assertThat(defined).as("rule headings in docs/rules.md").isNotEmpty();
        assertThat(used).as("test methods named after rules under " + root).isNotEmpty();
        Map<String, List<String>> undefined = new TreeMap<>(used);
        undefined.keySet().removeAll(defined);
        assertThat(undefined)
                .as("rule ids used in test names but not defined in docs/rules.md (add a '### <Id>. ...' heading there)")
                .isEmpty();
    }

    @Test
    void a_test_name_carrying_several_ids_names_each_of_them() {
        String source = """
                @Test void K5_M2_T1_activation_creates_a_subscription() {}
                void helper_K9_is_no_rule() {}
                void T2_fifo_spans_tokens () {}
                """;
        Map<String, List<String>> ids = new TreeMap<>();
        collect(source, "Sample.java", ids);
        assertThat(ids.keySet()).containsExactly("K5", "M2", "T1", "T2");
        assertThat(definedIds("### K3. Window\n## M4. not a rule heading\n### A1. Low\n")).containsExactly("A1", "K3");
    }

    /** The folder holding {@code mvnw}, walking up from the working directory (a module's, under Maven). */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("docs/rules.md"))) {
                return dir;
            }
        }
        throw new AssertionError("no folder with mvnw and docs/rules.md above " + Path.of("").toAbsolutePath());
    }

    private static Set<String> definedIds(String rulesPage) {
        Set<String> ids = new TreeSet<>();
        Matcher m = RULE_HEADING.matcher(rulesPage);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Every id used in a test method name, with the files that use it. */
    private static Map<String, List<String>> usedIds(Path root) throws IOException {
        Map<String, List<String>> ids = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED.contains(dir.getFileName().toString()) && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = root.relativize(file).toString().replace('\\', '/');
                // this class's own samples below are not tests
                if (relative.endsWith(".java") && relative.contains("src/test/java/")
                        && !file.getFileName().toString().equals("RuleIdsTest.java")) {
                    collect(Files.readString(file, StandardCharsets.UTF_8), relative, ids);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return ids;
    }

    private static void collect(String source, String file, Map<String, List<String>> ids) {
        Matcher m = TEST_METHOD.matcher(source);
        while (m.find()) {
            for (String id : m.group(1).split("_")) {
                List<String> files = ids.computeIfAbsent(id, k -> new ArrayList<>());
                if (!files.contains(file)) {
                    files.add(file);
                }
            }
        }
    }
}
