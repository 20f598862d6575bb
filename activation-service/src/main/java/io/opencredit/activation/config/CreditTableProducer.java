package io.opencredit.activation.config;

import io.opencredit.activation.domain.CreditTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The SPEC M2 credit table: defaults from common-events, overridden by {@link ActivationConfig}. */
@ApplicationScoped
public class CreditTableProducer {

    @Produces
    @Singleton
    CreditTable creditTable(ActivationConfig config) {
        return new CreditTable(config.creditPerUnit());
    }
}
