package io.opencredit.runtime;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Records every application of an event, so a test can count how often each was applied. */
@ApplicationScoped
public class ProbeHandler implements EventHandler {

    public static final String TOPIC = "probe.events";

    private final AgroalDataSource dataSource;

    public ProbeHandler(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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
    }
}
