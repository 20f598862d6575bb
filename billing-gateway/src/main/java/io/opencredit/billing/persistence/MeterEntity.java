package io.opencredit.billing.persistence;

import io.opencredit.billing.domain.Meter;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A meter of the price catalogue (tables {@code meter} and {@code meter_price}: its unit price per currency). */
@Entity
@Table(name = "meter")
public class MeterEntity extends PanacheEntityBase {

    @Id
    @Column(name = "meter_id")
    public String meterId;

    public String service;

    public String name;

    public String unit;

    public boolean eligible;

    @ElementCollection
    @CollectionTable(name = "meter_price", joinColumns = @JoinColumn(name = "meter_id"))
    @MapKeyColumn(name = "currency")
    @Column(name = "unit_price")
    public Map<String, BigDecimal> prices = new HashMap<>();

    /** Every meter with its prices, by service and id (one query; Hibernate returns each meter once). */
    static List<MeterEntity> catalogue() {
        return find("SELECT m FROM MeterEntity m LEFT JOIN FETCH m.prices ORDER BY m.service, m.meterId").list();
    }

    Meter toMeter() {
        Map<String, BigDecimal> byCurrency = new TreeMap<>();
        prices.forEach((currency, price) -> byCurrency.put(currency.trim(), price)); // char(3)
        return new Meter(meterId, service, name, unit, eligible, byCurrency);
    }
}
