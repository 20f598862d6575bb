package io.opencredit.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The suite's AsyncAPI 3 document of every topic and event (SPEC F6). Its one source is {@code docs/asyncapi.yaml};
 * the build packs a copy into this jar, so every service can serve the same document, and its payloads refer to the
 * JSON Schemas of {@link #schema(String)} by their {@code $id}.
 */
public final class AsyncApiDocument {

    /** Where the build puts {@code docs/asyncapi.yaml} in this jar. */
    public static final String RESOURCE = "io/opencredit/events/asyncapi.yaml";

    private AsyncApiDocument() {
    }

    /** The document as UTF-8 YAML. */
    public static byte[] yaml() {
        byte[] yaml = read(RESOURCE);
        if (yaml == null) {
            throw new IllegalStateException(RESOURCE + " is missing from common-events: build it with Maven");
        }
        return yaml;
    }

    /**
     * A published JSON Schema by its file name ({@code CreditAdded.v1.json}, {@code EventEnvelope.v1.json}), or
     * {@code null} for any other name: only the envelope's and the catalogue's schemas are published.
     */
    public static byte[] schema(String fileName) {
        String envelope = "EventEnvelope.v1.json";
        boolean published = envelope.equals(fileName) || EventCatalog.all().stream()
                .anyMatch(descriptor -> descriptor.schemaResource().equals("schemas/" + fileName));
        return published ? read("schemas/" + fileName) : null;
    }

    private static byte[] read(String resource) {
        try (InputStream in = AsyncApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
