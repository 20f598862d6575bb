package io.opencredit.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.events.Pseudonyms;
import io.opencredit.runtime.api.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** S3: a deprovisioned subscription keeps pseudonyms; its administrators are recognised by theirs, nobody else. */
class CallerPseudonymTest {

    private static Caller caller(String email, String role) {
        Map<String, Object> claims = Map.of("upn", email, "groups", Set.of(role));
        return new Caller(new JsonWebToken() {
            @Override
            public String getName() {
                return email;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        });
    }

    @Test
    void S3_an_administrator_is_recognised_by_the_pseudonym_of_its_address_and_only_for_that_subscription() {
        UUID subscription = UUID.randomUUID();
        List<String> erased = List.of(Pseudonyms.email(subscription, "kari@example.no"), Pseudonyms.email(subscription, "ola@example.no"));
        assertThat(caller("Kari@Example.no", Roles.CUSTOMER).administers(erased, subscription)).isTrue();
        assertThat(caller("ola@example.no", Roles.RESELLER).administers(erased, subscription)).isTrue();
        assertThat(caller("per@example.no", Roles.CUSTOMER).administers(erased, subscription)).isFalse();
        assertThat(caller("kari@example.no", Roles.CUSTOMER).administers(erased, UUID.randomUUID())).isFalse();
        assertThat(caller("kari@example.no", Roles.OPERATOR).administers(erased, subscription)).isFalse();
        caller("kari@example.no", Roles.CUSTOMER).requireAdministers(erased, subscription.toString());
        assertThatThrownBy(() -> caller("per@example.no", Roles.CUSTOMER).requireAdministers(erased, subscription))
                .isInstanceOf(ProblemException.class);
        // the pseudonym itself, as a caller's address, administers nothing it was not given
        assertThat(caller(erased.get(0), Roles.CUSTOMER).administers(List.of(Pseudonyms.email(subscription, "x@example.no")), subscription))
                .isFalse();
    }
}
