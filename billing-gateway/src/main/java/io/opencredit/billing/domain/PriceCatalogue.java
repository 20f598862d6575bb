package io.opencredit.billing.domain;

import io.opencredit.events.Money;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The price catalogue, immutable: rates a quantity of a meter in a currency (SPEC T3, M1, M3). */
public final class PriceCatalogue {

    private final Map<String, Meter> meters;

    public PriceCatalogue(List<Meter> meters) {
        Map<String, Meter> byId = new LinkedHashMap<>();
        meters.forEach(m -> byId.put(m.meterId(), m));
        this.meters = Collections.unmodifiableMap(byId);
    }

    public Optional<Meter> meter(String meterId) {
        return Optional.ofNullable(meters.get(meterId));
    }

    public Collection<Meter> meters() {
        return meters.values();
    }

    /** The unit price of the meter in the currency, if the catalogue has one (no conversion, M3). */
    public static Optional<Money> unitPrice(Meter meter, String currency) {
        BigDecimal price = meter.prices().get(currency);
        return price == null ? Optional.empty() : Optional.of(Money.of(price, currency));
    }

    /** Amount = quantity × unit price, half-even at 6 fraction digits (M1). */
    public static Money rate(Money unitPrice, BigDecimal quantity) {
        return unitPrice.times(quantity);
    }
}
