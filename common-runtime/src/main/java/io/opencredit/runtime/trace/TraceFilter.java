package io.opencredit.runtime.trace;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Takes an HTTP request's {@code traceparent} (or starts a trace) for the events the request writes. */
public class TraceFilter {

    @ServerRequestFilter
    public void begin(ContainerRequestContext request) {
        TraceContext.beginRequest(request.getHeaderString(TraceContext.HEADER));
    }

    @ServerResponseFilter
    public void end(ContainerResponseContext response) {
        TraceContext.endRequest();
    }
}
