package io.opencredit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The vendored schemas (deploy/schemas, versions in its README) as validators, one per apiVersion and kind:
 * the Kubernetes definitions (from the OpenAPI document) and the operators' CRD openAPIV3Schemas.
 * Like kubeconform's strict mode, an object may not carry a field its schema does not name (the API
 * server would prune it silently, so a typo would pass unnoticed), except where the schema preserves
 * unknown fields. Kubernetes' int-or-string and quantity types accept what the API server accepts.
 */
final class Schemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private final Map<String, JsonSchema> byType = new HashMap<>();
    private final JsonSchema objectMeta;

    private Schemas() {
        ObjectNode definitions = kubernetesDefinitions();
        definitions.properties().forEach(entry -> {
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asText();
                String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
                byType.put(key(apiVersion, gvk.path("kind").asText()), schema(reference(definitions, entry.getKey())));
            }
        });
        objectMeta = schema(reference(definitions, OBJECT_META));
        for (Path file : crdSchemaFiles()) {
            ObjectNode crd = (ObjectNode) Repo.json(file);
            JsonNode source = crd.remove("x-opencredit-source");
            strict(crd);
            byType.put(key(source.path("group").asText() + "/" + source.path("version").asText(), source.path("kind").asText()), schema(crd));
        }
    }

    private static final Schemas INSTANCE = new Schemas();

    static Schemas vendored() {
        return INSTANCE;
    }

    /** The apiVersion/kind pairs a schema is vendored for. */
    Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    /** What is wrong with an object; empty when it matches its schema. An object with no vendored schema is wrong. */
    List<String> problems(JsonNode object) {
        String type = key(object.path("apiVersion").asText(), object.path("kind").asText());
        JsonSchema schema = byType.get(type);
        if (schema == null) {
            return List.of(type + ": no vendored schema (add it to deploy/schemas)");
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            problems.add(message.getMessage());
        }
        // a CRD's schema leaves metadata open; Kubernetes checks it as ObjectMeta
        for (ValidationMessage message : objectMeta.validate(object.path("metadata"))) {
            problems.add("metadata: " + message.getMessage());
        }
        return problems;
    }

    static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static JsonSchema schema(JsonNode node) {
        return FACTORY.getSchema(node, SchemaValidatorsConfig.builder().build());
    }

    private static ObjectNode reference(ObjectNode definitions, String name) {
        ObjectNode root = NODES.objectNode();
        root.put("$ref", "#/definitions/" + name);
        root.set("definitions", definitions);
        return root;
    }

    private static ObjectNode kubernetesDefinitions() {
        ObjectNode definitions = (ObjectNode) Repo.json(Repo.path("deploy/schemas/kubernetes/definitions.json")).path("definitions");
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", anyOf("string", "integer"));
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", anyOf("string", "number"));
        strict(definitions);
        return definitions;
    }

    private static ObjectNode anyOf(String... types) {
        ObjectNode node = NODES.objectNode();
        ArrayNode options = node.putArray("anyOf");
        for (String type : types) {
            options.addObject().put("type", type);
        }
        return node;
    }

    /** No field beyond the named ones, wherever a schema names its properties and does not preserve unknown ones. */
    static void strict(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && object.path("properties").isObject() && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(Schemas::strict);
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(Schemas::strict);
        }
    }

    private static List<Path> crdSchemaFiles() {
        Path dir = Repo.path("deploy/schemas");
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.startsWith(dir.resolve("kubernetes")) && !f.startsWith(dir.resolve("compose")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
