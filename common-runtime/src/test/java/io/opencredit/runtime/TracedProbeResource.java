package io.opencredit.runtime;

import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.outbox.Outbox;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/** An HTTP write for the tracing test: one event the probe handler derives the next hop from ({@link ProbeHandler#DERIVE}). */
@Path("/api/v1/probe/traced")
public class TracedProbeResource {

    static final Logger LOG = Logger.getLogger(TracedProbeResource.class);

    private final Outbox outbox;

    public TracedProbeResource(Outbox outbox) {
        this.outbox = outbox;
    }

    @POST
    @Path("/{subscription}")
    @RolesAllowed(Roles.CUSTOMER)
    @Transactional
    public String write(@PathParam("subscription") UUID subscription) {
        EventEnvelope event = EventEnvelope.of(subscription, new CoAdministratorAdded("traced@example.com", ProbeHandler.DERIVE),
                "runtime-probe", null, Instant.now());
        outbox.append(ProbeHandler.TOPIC, event);
        LOG.infof("traced probe wrote %s", event.eventId());
        return event.eventId().toString();
    }
}
