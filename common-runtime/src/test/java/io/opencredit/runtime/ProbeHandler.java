package io.opencredit.runtime;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.EventEnvelope;
import io.opencredit.runtime.outbox.Outbox;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Records every application of an event, so a test can count how often each was applied. */
@ApplicationScoped
public class ProbeHandler implements EventHandler {

    private static final Logger LOG = Logger.getLogger(ProbeHandler.class);

    public static final String TOPIC = "probe.events";
    /** Events the probe derives from inputs added by {@link #DERIVE}: the next hop of a trace. */
    public static final String DERIVED_TOPIC = "probe.derived";
    public static final String DERIVE = "derive@example.com";

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public ProbeHandler(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO probe_applied (event_id) VALUES (?)")) {
            for (ConsumedEvent event : events) {
                insert.setObject(1, event.envelope().eventId());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (ConsumedEvent event : events) {
            if (event.envelope().payload() instanceof CoAdministratorAdded added && DERIVE.equals(added.addedBy())) {
                outbox.append(DERIVED_TOPIC, EventEnvelope.of(event.envelope().subscriptionId(),
                        new CoAdministratorAdded(added.email(), "probe@example.com"), "runtime-probe",
                        event.envelope().eventId(), Instant.now()));
                LOG.infof("probe derived the next hop from %s", event.envelope().eventId());
            }
        }
    }
}
