package io.opencredit.activation.domain;

import io.opencredit.activation.persistence.KeyActivation;
import io.opencredit.activation.persistence.KeyReturn;
import io.opencredit.activation.persistence.OsaKey;
import io.opencredit.events.CreditRejected;
import io.opencredit.events.CreditSource;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * SPEC R4: when the ledger rejects a key's credit, the key goes back to {@code ISSUED} and can be activated again
 * (into a subscription that takes credit, within its K3 window). The activation is moved to {@link KeyReturn}, so
 * {@code GET /keys/{code}} shows why, and the key's K4 slot is free again.
 *
 * <p>Idempotent by the token: only the activation that made this very token is returned, once. A redelivery, or a
 * rejection for a token the key no longer holds, changes nothing.
 */
public final class KeyReturns {

    private static final Logger LOG = Logger.getLogger(KeyReturns.class);

    private KeyReturns() {
    }

    /** Returns the key of a rejected key credit; runs in the consumer batch's transaction. */
    public static void onCreditRejected(UUID subscriptionId, CreditRejected rejected, Instant now) {
        if (rejected.source() != CreditSource.OSA_KEY) {
            return; // a card payment: the gateway refunds it
        }
        KeyCode code;
        try {
            code = KeyCode.parse(rejected.reference());
        } catch (MalformedKeyCodeException e) {
            LOG.warnf("CreditRejected of %s names no key code: %s", rejected.tokenId(), e.getMessage());
            return;
        }
        Optional<OsaKey> key = OsaKey.lock(code.value());
        Optional<KeyActivation> activation = KeyActivation.ofKey(code.value());
        if (key.isEmpty() || activation.isEmpty() || !activation.get().tokenId.equals(rejected.tokenId())
                || KeyReturn.findByIdOptional(rejected.tokenId()).isPresent()) {
            return; // already returned, or not this service's activation
        }
        KeyActivation done = activation.get();
        KeyReturn returned = new KeyReturn();
        returned.tokenId = done.tokenId;
        returned.keyCode = done.keyCode;
        returned.subscriptionId = done.subscriptionId;
        returned.amount = done.amount;
        returned.currency = done.currency;
        returned.activatedAt = done.activatedAt;
        returned.activatedBy = done.activatedBy;
        returned.reason = rejected.reason();
        returned.detail = rejected.detail() == null ? null : truncate(rejected.detail(), 500);
        returned.returnedAt = now;
        returned.persist();
        done.delete();
        key.get().status = OsaKey.Status.ISSUED;
        LOG.infof("key %s returned to ISSUED: the ledger rejected its credit to %s (%s)", code.formatted(), subscriptionId,
                rejected.reason());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
