package io.opencredit.billing.persistence;

import io.opencredit.billing.domain.PriceCatalogue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The price catalogue, read from the database once and then served from memory: it changes only
 * by migration (a new release), so every request rates against one immutable snapshot.
 */
@ApplicationScoped
public class CatalogueStore {

    private volatile PriceCatalogue catalogue;

    public PriceCatalogue catalogue() {
        PriceCatalogue current = catalogue;
        if (current == null) {
            reload();
            current = catalogue;
        }
        return current;
    }

    /** Reads the catalogue again (after an operator changed prices in the database). */
    @Transactional
    public void reload() {
        catalogue = new PriceCatalogue(MeterEntity.catalogue().stream().map(MeterEntity::toMeter).toList());
    }
}
