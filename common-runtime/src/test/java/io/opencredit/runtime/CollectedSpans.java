package io.opencredit.runtime;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The tracing test's collector: every finished span of the service, in memory. Only exporting while
 * {@code probe.collect-spans=true} (the test's profile), so the other tests do not pile spans up.
 */
@ApplicationScoped
public class CollectedSpans {

    static final String SWITCH = "probe.collect-spans";

    @Produces
    @Singleton
    @LookupIfProperty(name = SWITCH, stringValue = "true")
    InMemorySpanExporter collector() {
        return InMemorySpanExporter.create();
    }
}
