package io.opencredit.alerting.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The read model of one subscription: who to tell, and in which language. */
public record SubscriptionView(UUID subscriptionId, String name, String accountEmail, String country,
                               String language, String currency, List<String> coAdministrators) {

    public SubscriptionView {
        coAdministrators = List.copyOf(coAdministrators);
    }

    /** Account admin first, then co-administrators, as stored. */
    public List<String> administrators() {
        List<String> all = new ArrayList<>();
        all.add(accountEmail);
        all.addAll(coAdministrators);
        return all;
    }
}
