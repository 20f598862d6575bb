package io.opencredit.activation.domain;

import io.opencredit.activation.persistence.KeyActivation;
import io.opencredit.activation.persistence.LedgerView;
import io.opencredit.activation.persistence.OsaKey;
import io.opencredit.activation.persistence.Subscription;
import io.opencredit.events.CoAdministratorAdded;
import io.opencredit.events.CreditAdded;
import io.opencredit.events.CreditSource;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.KeyActivated;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.Sha256;
import io.opencredit.events.SubscriptionCreated;
import io.opencredit.events.Topics;
import io.opencredit.runtime.access.Caller;
import io.opencredit.runtime.access.Roles;
import io.opencredit.runtime.api.ProblemException;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Redeems an OSA key into a new or an existing subscription (SPEC K3–K8, M2, M3, S6, T1) and
 * writes {@code SubscriptionCreated}, {@code CoAdministratorAdded}, {@code KeyActivated} and
 * {@code CreditAdded} to the outbox in the same transaction.
 *
 * <p>Exactly one activation per key is enforced by the database: the key is read with its row locked
 * and moves from ISSUED to ACTIVATED (a concurrent request waits on the lock and then finds it
 * ACTIVATED), and {@code key_activation} has the key code as primary key.
 */
@ApplicationScoped
@Transactional
public class ActivationService {

    private final Outbox outbox;
    private final SuiteClock clock;
    private final CreditTable credit;
    private final Caller caller;

    public ActivationService(Outbox outbox, SuiteClock clock, CreditTable credit, Caller caller) {
        this.outbox = outbox;
        this.clock = clock;
        this.credit = credit;
        this.caller = caller;
    }

    /** Exactly one of {@code subscriptionId} and {@code newSubscription} is given (checked by the caller). */
    public ActivationResult activate(KeyCode code, UUID subscriptionId, NewSubscription newSubscription) {
        String me = caller.email();
        String requestHash = requestHash(me, code, subscriptionId, newSubscription);
        OsaKey key = OsaKey.lock(code.value()).orElseThrow(() -> KeyService.unknownKey(code));

        // K4: claim the key; only one transaction can, the others wait for its lock and then see it used
        if (!key.issued()) {
            KeyActivation done = KeyActivation.ofKey(code.value())
                    .orElseThrow(() -> new IllegalStateException("key " + code + " is ACTIVATED without an activation"));
            boolean sameRequest = done.requestHash.equals(requestHash)
                    || (done.activatedBy.equals(me) && done.subscriptionId.equals(subscriptionId));
            if (sameRequest) {
                return result(done, code);
            }
            throw ProblemException.conflict("K4-key-already-activated",
                    "the key " + code.formatted() + " was already activated; a key activates once");
        }
        key.status = OsaKey.Status.ACTIVATED;

        Instant now = ActivationRules.activationInstant(clock.now());
        ActivationRules.requireWithinWindow(key.activateBy, now);
        Money amount = credit.creditFor(key.units, key.currency);

        List<EventEnvelope> events = new ArrayList<>();
        UUID targetId;
        if (newSubscription != null) {
            targetId = createSubscription(newSubscription, key.currency, me, now, events);
        } else {
            Subscription subscription = Subscription.lock(subscriptionId)
                    .orElseThrow(() -> SubscriptionService.notFound(subscriptionId));
            caller.requireAdministers(subscription.administrators(), subscriptionId);
            boolean deprovisioned = LedgerView.ofSubscription(subscriptionId)
                    .map(LedgerView::deprovisioned).orElse(false);
            ActivationRules.requireOpenForKeys(subscription.linked(), deprovisioned);
            ActivationRules.requireSameCurrency(subscription.currency, key.currency);
            targetId = subscription.id;
        }

        UUID tokenId = UUID.randomUUID();
        Instant expiresAt = ActivationRules.expiresAt(now);
        KeyActivation activation = new KeyActivation();
        activation.keyCode = code.value();
        activation.subscriptionId = targetId;
        activation.tokenId = tokenId;
        activation.amount = amount.amount();
        activation.currency = amount.currency();
        activation.activatedAt = now;
        activation.expiresAt = expiresAt;
        activation.activatedBy = me;
        activation.requestHash = requestHash;
        activation.persist();

        EventEnvelope keyActivated = EventEnvelope.of(targetId, new KeyActivated(code.formatted(), key.units,
                key.currency, key.resellerId, key.sku, tokenId, now, me), Producers.ACTIVATION, null, now);
        events.add(keyActivated);
        events.add(EventEnvelope.of(targetId, new CreditAdded(tokenId, CreditSource.OSA_KEY, amount, now, expiresAt,
                code.formatted(), key.resellerId, null), Producers.ACTIVATION, keyActivated.eventId(), now));
        outbox.appendAll(Topics.ACTIVATION_EVENTS, events);
        return result(activation, code);
    }

    /** K5, K6, K7, S6: the new subscription row and its events; returns its id. */
    private UUID createSubscription(NewSubscription request, String currency, String me, Instant now, List<EventEnvelope> events) {
        String cloud = ActivationRules.requireOpenCloud(request.cloud());
        ActivationRules.requireEligibleAccount(request.accountCreatedOn());
        if (request.accountCreatedOn().isAfter(java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC))) {
            throw ProblemException.unprocessable("account-created-in-future",
                    "account.createdOn " + request.accountCreatedOn() + " is in the future");
        }
        boolean ownAccount = request.accountEmail().equals(me);
        boolean asReseller;
        if (ownAccount && caller.hasRole(Roles.CUSTOMER)) {
            asReseller = false;
        } else if (!ownAccount && caller.hasRole(Roles.RESELLER)) {
            asReseller = true;
        } else if (ownAccount) {
            throw ProblemException.unprocessable("S6-reseller-names-customer",
                    "a reseller creating a subscription names the customer's email as account administrator, not its own",
                    Map.of("rule", "S6"));
        } else {
            throw ProblemException.unprocessable("S6-account-email-must-be-caller",
                    "a customer creating a subscription is its account administrator: account.email must be your own ("
                            + me + ")", Map.of("rule", "S6"));
        }
        UUID id = UUID.randomUUID();
        String language = ActivationRules.languageFor(request.country());
        Subscription subscription = new Subscription();
        subscription.id = id;
        subscription.name = request.name();
        subscription.country = request.country();
        subscription.cloud = cloud;
        subscription.currency = currency;
        subscription.language = language;
        subscription.accountEmail = request.accountEmail();
        subscription.accountCreatedOn = request.accountCreatedOn();
        subscription.createdAt = now;
        subscription.createdBy = me;
        if (asReseller) {
            subscription.addCoAdministrator(me, now, me);
        }
        subscription.persist();
        EventEnvelope created = EventEnvelope.of(id, new SubscriptionCreated(request.name(), request.country(), cloud,
                currency, request.accountEmail(), request.accountCreatedOn(), language, me, now), Producers.ACTIVATION, null, now);
        events.add(created);
        if (asReseller) {
            events.add(EventEnvelope.of(id, new CoAdministratorAdded(me, me), Producers.ACTIVATION, created.eventId(), now));
        }
        return id;
    }

    private static ActivationResult result(KeyActivation a, KeyCode code) {
        return new ActivationResult(a.subscriptionId, a.tokenId, Money.of(a.amount, a.currency).amount(),
                a.currency, a.activatedAt, a.expiresAt, code.formatted());
    }

    /** What makes two activation requests "the same" (K4): caller, key and target. */
    static String requestHash(String caller, KeyCode code, UUID subscriptionId, NewSubscription request) {
        String target = request != null
                ? "new|" + request.name() + "|" + request.country() + "|" + Optional.ofNullable(request.cloud()).orElse("public")
                        .toLowerCase(java.util.Locale.ROOT) + "|" + request.accountEmail() + "|" + request.accountCreatedOn()
                : "existing|" + subscriptionId;
        String text = caller + "\n" + code.value() + "\n" + target;
        return Sha256.hex(text);
    }
}
