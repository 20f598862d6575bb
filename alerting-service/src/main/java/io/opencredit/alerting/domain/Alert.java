package io.opencredit.alerting.domain;

import java.util.List;
import java.util.Map;

/**
 * One email to compose for a causing event: its type, language, a header-safe subject, the values the
 * templates show (all preformatted text), the valid recipients and the refused (malformed) ones.
 */
public record Alert(String type, String language, String subject, Map<String, Object> model,
                    List<String> recipients, List<String> refused) {

    public Alert {
        model = Map.copyOf(model);
        recipients = List.copyOf(recipients);
        refused = List.copyOf(refused);
    }
}
