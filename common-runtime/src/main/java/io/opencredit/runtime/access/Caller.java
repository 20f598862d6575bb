package io.opencredit.runtime.access;

import io.opencredit.events.EmailAddress;
import io.opencredit.events.Pseudonyms;
import io.opencredit.runtime.api.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Collection;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: the email ({@code upn}, else {@code email}) and
 * the roles. The tenant always comes from here, never from a request body (OWASP API1). Addresses
 * are compared after the suite's one normalisation ({@link EmailAddress#normalise}, SPEC O3), so a
 * look-alike address never matches another tenant's.
 */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /**
     * The caller's email, normalised; a token without one is refused, and so is a token whose address is not one by
     * the suite's rule (malformed, or with non-ASCII characters such as {@code ıvan@example.com}).
     */
    public String email() {
        String email = token.getClaim("upn");
        if (email == null || email.isBlank()) {
            email = token.getClaim("email");
        }
        if (email == null || email.isBlank()) {
            throw ProblemException.unauthorized("no-caller-email", "the token names no caller (upn or email claim)");
        }
        return EmailAddress.normalise(email).orElseThrow(() -> ProblemException.unauthorized("no-caller-email",
                "the token's caller is not a valid e-mail address (upn or email claim)"));
    }

    public boolean hasRole(String role) {
        return token.getGroups() != null && token.getGroups().contains(role);
    }

    public boolean isOperator() {
        return hasRole(Roles.OPERATOR);
    }

    /**
     * Whether the caller administers a subscription with these administrators (account admin and
     * co-administrators). Operators administer none by this rule; they act through their own endpoints.
     */
    public boolean administers(Collection<String> administratorEmails) {
        if (!(hasRole(Roles.CUSTOMER) || hasRole(Roles.RESELLER))) {
            return false;
        }
        String me = email();
        return administratorEmails.stream().anyMatch(admin -> EmailAddress.normalise(admin).filter(me::equals).isPresent());
    }

    /**
     * The same for one subscription whose stored addresses may be pseudonyms (S3: a deprovisioned subscription keeps
     * {@link Pseudonyms} instead of addresses): its administrators still see it, recognised by their address's
     * pseudonym, which cannot be turned back into the address.
     */
    public boolean administers(Collection<String> administratorEmails, UUID subscriptionId) {
        if (administers(administratorEmails)) {
            return true;
        }
        if (!(hasRole(Roles.CUSTOMER) || hasRole(Roles.RESELLER)) || subscriptionId == null
                || administratorEmails.stream().noneMatch(Pseudonyms::isPseudonym)) {
            return false;
        }
        String mine = Pseudonyms.email(subscriptionId, email());
        return administratorEmails.contains(mine);
    }

    /** Unknown and foreign subscriptions answer alike: 404, so ids cannot be probed (SPEC §5). */
    public void requireAdministers(Collection<String> administratorEmails, Object subscriptionId) {
        if (!administers(administratorEmails, asUuid(subscriptionId))) {
            throw ProblemException.notFound("no subscription " + subscriptionId);
        }
    }

    private static UUID asUuid(Object subscriptionId) {
        if (subscriptionId instanceof UUID id) {
            return id;
        }
        try {
            return subscriptionId == null ? null : UUID.fromString(subscriptionId.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
