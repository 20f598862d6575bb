package io.opencredit.runtime.trace;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether spans leave the service: by OTLP when {@code opencredit.tracing.otlp-export=true} (to
 * {@code quarkus.otel.exporter.otlp.endpoint}), else nowhere, so that a local run or a test has no collector to
 * miss and logs no export errors. Spans are made either way: their ids travel on with the events and are in the logs.
 *
 * <p>Quarkus decides at build time whether its OTLP exporter exists, and drops it at start-up when the application
 * has a {@link SpanExporter} of its own. So the switch is an exporter that sends nothing and is only found while
 * export is off ({@link LookupIfProperty}); a test's in-memory exporter takes the same place.
 */
@ApplicationScoped
public class TraceExport {

    private static final Logger LOG = Logger.getLogger(TraceExport.class);
    static final String SWITCH = "opencredit.tracing.otlp-export";

    @Produces
    @Singleton
    @LookupIfProperty(name = SWITCH, stringValue = "false", lookupIfMissing = true)
    SpanExporter exportNothing() {
        return SpanExporter.composite();
    }

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = SWITCH, defaultValue = "false") boolean export,
                 @ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint", defaultValue = "http://localhost:4317") String endpoint) {
        if (export) {
            LOG.infof("tracing: spans are exported by OTLP to %s", endpoint);
        } else {
            LOG.infof("tracing: spans are not exported (%s=false)", SWITCH);
        }
    }
}
