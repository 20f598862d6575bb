package io.opencredit.portal.config;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Whether the portal's spans leave it: by OTLP when {@code opencredit.tracing.otlp-export=true}, else nowhere, as the
 * services decide it (common-runtime's {@code TraceExport}, which the portal does not depend on). Quarkus drops its
 * OTLP exporter when the application has a {@link SpanExporter} of its own, so the switch is an exporter that sends
 * nothing, found only while export is off.
 */
@ApplicationScoped
public class TraceExport {

    @Produces
    @Singleton
    @LookupIfProperty(name = "opencredit.tracing.otlp-export", stringValue = "false", lookupIfMissing = true)
    SpanExporter exportNothing() {
        return SpanExporter.composite();
    }
}
