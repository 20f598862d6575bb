package io.opencredit.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opencredit.runtime.api.ProblemException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** SPEC O3: the caller's address is compared after the suite's one normalisation, so look-alikes never match. */
class CallerTest {

    private static Caller caller(String claim, String email, String... roles) {
        Map<String, Object> claims = new HashMap<>();
        claims.put(claim, email);
        claims.put("groups", Set.of(roles));
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
    void O3_the_callers_email_is_normalised_from_upn_or_email() {
        assertThat(caller("upn", "  Ivan@Example.COM ", Roles.CUSTOMER).email()).isEqualTo("ivan@example.com");
        assertThat(caller("email", "Ivan@Example.com", Roles.CUSTOMER).email()).isEqualTo("ivan@example.com");
    }

    @Test
    void O3_a_malformed_or_non_ascii_caller_address_is_a_caller_without_an_email() {
        for (String email : List.of("ıvan@example.com", "a..b@example.com", "ivan@localhost", "not-an-address", " ")) {
            assertThatThrownBy(() -> caller("upn", email, Roles.CUSTOMER).email())
                    .as(email)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(401));
        }
    }

    @Test
    void O3_a_look_alike_address_does_not_administer_another_tenants_subscription() {
        assertThat(caller("upn", "ivan@example.com", Roles.CUSTOMER).administers(List.of("ivan@example.com"))).isTrue();
        assertThat(caller("upn", "IVAN@example.com", Roles.RESELLER).administers(List.of("Ivan@Example.com "))).isTrue();
        assertThatThrownBy(() -> caller("upn", "ıvan@example.com", Roles.CUSTOMER).administers(List.of("ivan@example.com")))
                .isInstanceOf(ProblemException.class);
        assertThat(caller("upn", "ivan@example.com", Roles.CUSTOMER).administers(List.of("ıvan@example.com"))).isFalse();
        assertThat(caller("upn", "ivan@example.com", Roles.OPERATOR).administers(List.of("ivan@example.com"))).isFalse();
    }
}
