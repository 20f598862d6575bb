package io.opencredit.runtime;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.consumer.ConsumedEvent;
import io.opencredit.runtime.consumer.EventHandler;
import io.opencredit.runtime.consumer.UnapplicableEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A probe consumer that refuses, as a rule would, the events of the subscriptions a test names, until the test lifts
 * the refusal ("the cause is fixed"); the others it records in {@code probe_applied} as {@link ProbeHandler} does.
 */
@ApplicationScoped
public class RefusingProbeHandler implements EventHandler {

    public static final String TOPIC = "probe.refusable";
    private static final Set<UUID> REFUSED = ConcurrentHashMap.newKeySet();

    private final AgroalDataSource dataSource;

    public RefusingProbeHandler(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static void refuse(UUID subscriptionId) {
        REFUSED.add(subscriptionId);
    }

    public static void accept(UUID subscriptionId) {
        REFUSED.remove(subscriptionId);
    }

    @Override
    public String name() {
        return "refusing-probe";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    @Override
    public void handle(List<ConsumedEvent> events) {
        for (ConsumedEvent event : events) {
            if (REFUSED.contains(event.envelope().subscriptionId())) {
                throw new UnapplicableEventException("subscription " + event.envelope().subscriptionId() + " is refused by the probe's rule");
            }
        }
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
