package io.opencredit.billing.persistence;

import io.agroal.api.AgroalDataSource;
import io.opencredit.billing.domain.Meter;
import io.opencredit.billing.domain.PriceCatalogue;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The price catalogue, read from the database once and then served from memory: it changes only
 * by migration (a new release), so every request rates against one immutable snapshot.
 */
@ApplicationScoped
public class CatalogueStore {

    private final AgroalDataSource dataSource;
    private volatile PriceCatalogue catalogue;

    public CatalogueStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public PriceCatalogue catalogue() {
        PriceCatalogue current = catalogue;
        if (current == null) {
            current = load();
            catalogue = current;
        }
        return current;
    }

    /** Reads the catalogue again (after an operator changed prices in the database). */
    public void reload() {
        catalogue = load();
    }

    private PriceCatalogue load() {
        Map<String, Map<String, BigDecimal>> prices = new LinkedHashMap<>();
        List<Meter> meters = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement("SELECT meter_id, currency, unit_price FROM meter_price ORDER BY meter_id, currency");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    prices.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2).trim(), rs.getBigDecimal(3));
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT meter_id, service, name, unit, eligible FROM meter ORDER BY service, meter_id");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    meters.add(new Meter(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                            prices.getOrDefault(id, Map.of())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the price catalogue", e);
        }
        return new PriceCatalogue(meters);
    }
}
