package io.opencredit.runtime;

import io.agroal.api.AgroalDataSource;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.consumer.UnapplicableEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A probe consumer for SPEC O8 that gives up on a lock after 200 ms (a test holds the lock to make it fail as a
 * database under load would) and refuses by a rule every event added by {@link #REFUSE}.
 */
@ApplicationScoped
public class GatedProbeHandler implements EventHandler {

    public static final String TOPIC = "probe.gated";
    public static final String REFUSE = "refuse@example.com";

    private final AgroalDataSource dataSource;

    public GatedProbeHandler(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "gated";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent event : events) {
            if (event.envelope().payload() instanceof CoAdministratorAdded added && REFUSE.equals(added.addedBy())) {
                throw new UnapplicableEventException("refused by the probe's rule: " + event.envelope().eventId());
            }
        }
        try (Connection connection = dataSource.getConnection();
             Statement timeout = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO probe_applied (event_id) VALUES (?)")) {
            timeout.execute("SET LOCAL lock_timeout = '200ms'");
            for (ConsumedEvent event : events) {
                insert.setObject(1, event.envelope().eventId());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
