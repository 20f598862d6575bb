package io.opencredit.activation.domain;

import io.opencredit.activation.persistence.KeyActivation;
import io.opencredit.activation.persistence.KeyReturn;
import io.opencredit.activation.persistence.OsaKey;
import io.opencredit.activation.persistence.Subscription;
import io.opencredit.events.Pseudonyms;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/** Issuing and looking up OSA keys (SPEC K1, K2). */
@ApplicationScoped
@Transactional
public class KeyService {

    private static final int CODE_ATTEMPTS = 10;

    /** A key as shown: the key, once activated its activation, and its latest return if the ledger rejected one (R4). */
    public record IssuedKey(OsaKey key, Optional<KeyActivation> activation, Optional<KeyReturn> returned) {
    }

    private final SuiteClock clock;
    private final CreditTable credit;
    private final Caller caller;
    private final SecureRandom random = new SecureRandom();

    public KeyService(SuiteClock clock, CreditTable credit, Caller caller) {
        this.clock = clock;
        this.credit = credit;
        this.caller = caller;
    }

    /** K1: a new key with a fresh random code; activate-by is the purchase date + 5 years (K3). */
    public OsaKey issue(int units, String currency, LocalDate purchasedOn, String resellerId, String sku) {
        LocalDate today = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
        if (purchasedOn.isAfter(today)) {
            throw ProblemException.unprocessable("purchase-date-in-future",
                    "purchasedOn " + purchasedOn + " is after today (" + today + ")");
        }
        if (!credit.supports(currency)) {
            throw ProblemException.badRequest("unsupported-currency", "currency must be one of " + credit.currencies());
        }
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            String code = KeyCode.generate(random).value();
            if (OsaKey.byCode(code).isPresent()) {
                continue; // drawn before: draw again (two requests drawing one new code at once is ~2^-110)
            }
            OsaKey key = new OsaKey();
            key.code = code;
            key.units = units;
            key.currency = currency;
            key.purchasedOn = purchasedOn;
            key.activateBy = ActivationRules.activateBy(purchasedOn);
            key.resellerId = resellerId;
            key.sku = sku;
            key.status = OsaKey.Status.ISSUED;
            key.issuedAt = clock.now();
            key.issuedBy = caller.email();
            key.persist();
            return key;
        }
        throw new IllegalStateException("no free key code after " + CODE_ATTEMPTS + " attempts");
    }

    /**
     * A key for the caller: operators see every key; a customer or reseller sees a key once it is
     * activated by them or into a subscription they administer, and still after the ledger rejected that activation
     * and the key was returned (R4: they see why). Everything else is 404.
     */
    public IssuedKey find(KeyCode code) {
        OsaKey key = OsaKey.byCode(code.value()).orElseThrow(() -> unknownKey(code));
        Optional<KeyActivation> activation = KeyActivation.ofKey(code.value());
        Optional<KeyReturn> returned = KeyReturn.latestOfKey(code.value());
        if (caller.isOperator()) {
            return new IssuedKey(key, activation, returned);
        }
        boolean visible = activation.map(a -> mine(a.activatedBy, a.subscriptionId)).orElse(false)
                || returned.map(r -> mine(r.activatedBy, r.subscriptionId)).orElse(false);
        if (!visible) {
            throw unknownKey(code);
        }
        return new IssuedKey(key, activation, returned);
    }

    /** Whether the caller activated it, or administers the subscription it was activated into. */
    /** The caller activated it (by its address or, once deprovisioned, its pseudonym, S3) or administers its subscription. */
    private boolean mine(String activatedBy, java.util.UUID subscriptionId) {
        return Pseudonyms.matches(subscriptionId, activatedBy, caller.email())
                || Subscription.byId(subscriptionId).map(Subscription::administrators)
                        .map(admins -> caller.administers(admins, subscriptionId)).orElse(false);
    }

    static ProblemException unknownKey(KeyCode code) {
        return new ProblemException(404, "unknown-key", "Unknown key", "there is no key " + code.formatted(), null);
    }
}
