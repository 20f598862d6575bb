package io.opencredit.activation.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.opencredit.activation.domain.SubscriptionService.LinkPreview;
import io.opencredit.events.EventCodec;
import io.opencredit.events.EventPayload;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The dry-run answer of the EA link (SPEC F3): {@code {dryRun: true, events: [{type, ...payload}], balanceAfter}}. */
public final class DryRunViews {

    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    private DryRunViews() {
    }

    /**
     * The balance after the link, shaped like the ledger's balance answer: nothing remains (S4 forfeits it all) and no
     * token holds credit. {@code creditForfeited} is what the ledger last reported, which the link would forfeit.
     */
    public record BalanceAfter(UUID subscriptionId, String currency, String status,
                               BigDecimal remaining, Instant asOf, List<Object> tokens) {
    }

    public record LinkDryRun(boolean dryRun, List<Map<String, Object>> events, BalanceAfter balanceAfter,
                             BigDecimal creditForfeited, String currency) {
    }

    static LinkDryRun of(LinkPreview preview) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventPayload event : preview.events()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("type", event.eventType());
            shown.putAll(EventCodec.mapper().convertValue(event, PAYLOAD));
            events.add(shown);
        }
        var subscription = preview.state().subscription();
        String currency = preview.creditForfeited().currency();
        return new LinkDryRun(true, events, new BalanceAfter(subscription.id, currency, "LINKED_TO_EA", BigDecimal.ZERO,
                preview.at(), List.of()), preview.creditForfeited().amount(), currency);
    }
}
