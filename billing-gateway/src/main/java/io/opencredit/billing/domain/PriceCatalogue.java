package io.opencredit.billing.domain;

import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The price catalogue, immutable: rates a quantity of a meter in a currency (SPEC T3, M1, M3). */
public final class PriceCatalogue {

    private final Map<String, Meter> meters;
    /** Meter id → currency → unit price, built once: every rated usage record needs one. */
    private final Map<String, Map<String, Money>> unitPrices;

    public PriceCatalogue(List<Meter> meters) {
        Map<String, Meter> byId = new LinkedHashMap<>();
        Map<String, Map<String, Money>> prices = new HashMap<>();
        for (Meter m : meters) {
            byId.put(m.meterId(), m);
            Map<String, Money> byCurrency = new HashMap<>();
            m.prices().forEach((currency, price) -> byCurrency.put(currency, Money.of(price, currency)));
            prices.put(m.meterId(), Map.copyOf(byCurrency));
        }
        this.meters = Collections.unmodifiableMap(byId);
        this.unitPrices = Map.copyOf(prices);
    }

    public Optional<Meter> meter(String meterId) {
        return Optional.ofNullable(meters.get(meterId));
    }

    /** The meter, or null if the catalogue has none of that id. */
    public Meter meterOrNull(String meterId) {
        return meters.get(meterId);
    }

    public Collection<Meter> meters() {
        return meters.values();
    }

    /** The unit price of the meter in the currency, if the catalogue has one (no conversion, M3). */
    public Optional<Money> unitPrice(Meter meter, String currency) {
        Map<String, Money> byCurrency = unitPrices.get(meter.meterId());
        return Optional.ofNullable(byCurrency == null ? null : byCurrency.get(currency));
    }

    /** As {@link #unitPrice(Meter, String)}, null if none. */
    public Money unitPriceOrNull(Meter meter, String currency) {
        Map<String, Money> byCurrency = unitPrices.get(meter.meterId());
        return byCurrency == null ? null : byCurrency.get(currency);
    }

    /** Amount = quantity × unit price, half-even at 6 fraction digits (M1). */
    public static Money rate(Money unitPrice, BigDecimal quantity) {
        return unitPrice.times(quantity);
    }
}
