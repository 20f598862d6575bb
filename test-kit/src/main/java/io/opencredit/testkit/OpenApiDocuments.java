package io.opencredit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The committed OpenAPI documents ({@code docs/openapi/<service>.yaml}) are the contract the Java client is generated
 * from; each service's {@code OpenApiDocumentIT} hands its live {@code /q/openapi} here, which fails when the two differ
 * (as YAML trees: key order does not matter, everything else does). {@code -Dopenapi.write=true} writes the live
 * document instead: the one command that regenerates them (docs/openapi/README.md).
 */
public final class OpenApiDocuments {

    /** The system property that makes {@link #assertMatchesCommitted} write the document instead of comparing. */
    public static final String WRITE = "openapi.write";
    static final String REGENERATE = "./mvnw -B verify -pl <service> -Dit.test=OpenApiDocumentIT -Dtest=none"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final int MAX_SHOWN = 15;

    private OpenApiDocuments() {
    }

    /** Fails unless {@code liveYaml} is the committed document of {@code service} (or writes it with {@value #WRITE}). */
    public static void assertMatchesCommitted(String service, String liveYaml) {
        Path file = root().resolve("docs/openapi").resolve(service + ".yaml");
        try {
            if (Boolean.getBoolean(WRITE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, liveYaml.endsWith("\n") ? liveYaml : liveYaml + "\n", StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                throw new AssertionError("no committed OpenAPI document " + file + "; write it with "
                        + REGENERATE.replace("<service>", service));
            }
            compare(service, YAML.readTree(Files.readString(file, StandardCharsets.UTF_8)), YAML.readTree(liveYaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void compare(String service, JsonNode committed, JsonNode live) {
        List<String> differences = new ArrayList<>();
        differences(committed, live, "", differences);
        if (!differences.isEmpty()) {
            throw new AssertionError("the live OpenAPI document of " + service + " differs from docs/openapi/" + service
                    + ".yaml at " + differences.size() + " place(s) (committed != live):\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(MAX_SHOWN, differences.size())))
                    + "\nIf the code is right, regenerate the document and the client: " + REGENERATE.replace("<service>", service));
        }
    }

    /** The JSON pointers where the two trees differ, with both values shortened. */
    static void differences(JsonNode committed, JsonNode live, String at, List<String> out) {
        if (committed == null || live == null || committed.isObject() != live.isObject() || committed.isArray() != live.isArray()
                || committed.isValueNode() || live.isValueNode()) {
            if (committed == null || !committed.equals(live)) {
                out.add((at.isEmpty() ? "/" : at) + ": " + shown(committed) + " != " + shown(live));
            }
            return;
        }
        if (committed.isArray()) {
            if (committed.size() != live.size()) {
                out.add(at + ": " + shown(committed) + " != " + shown(live));
                return;
            }
            for (int i = 0; i < committed.size(); i++) {
                differences(committed.get(i), live.get(i), at + "/" + i, out);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = committed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            differences(field.getValue(), live.get(field.getKey()), at + "/" + field.getKey().replace("/", "~1"), out);
        }
        for (Iterator<String> it = live.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!committed.has(name)) {
                out.add(at + "/" + name.replace("/", "~1") + ": (absent) != " + shown(live.get(name)));
            }
        }
    }

    private static String shown(JsonNode node) {
        if (node == null) {
            return "(absent)";
        }
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /** The repository root: the nearest directory up from the working directory that holds {@code mvnw}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with mvnw and docs/) above " + Path.of("").toAbsolutePath());
    }
}
