package io.opencredit.portal.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where the portal finds the services' public APIs, and how people sign in. The portal holds no privileges of
 * its own: every call carries the signed-in person's token, so it can show nothing the API would not show them.
 */
@ConfigMapping(prefix = "opencredit.portal")
public interface PortalConfig {

    /** {@code http://host:port/api/v1} of each service. */
    @WithDefault("http://localhost:8081/api/v1")
    String activationUrl();

    @WithDefault("http://localhost:8082/api/v1")
    String ledgerUrl();

    @WithDefault("http://localhost:8083/api/v1")
    String alertingUrl();

    @WithDefault("http://localhost:8080/api/v1")
    String gatewayUrl();

    /** The local run's sign-in page (pick a role and an email); never in production, where OIDC signs people in. */
    LocalSignIn localSignIn();

    /** Whether operators get the suite clock's controls (C2): a development setup only, as the services' clock. */
    @WithDefault("false")
    boolean clockControls();

    /** The time zone dates are shown in until the browser has told its own (cookie {@code oc_tz}). */
    @WithDefault("UTC")
    String defaultTimeZone();

    interface LocalSignIn {
        /** Off unless a development setup turns it on (./opencredit up does). */
        @WithDefault("false")
        boolean enabled();

        /** The development private key the local suite trusts (test-kit's {@code opencredit/dev/jwt-private.pem}). */
        Optional<String> privateKeyLocation();

        @WithDefault("https://opencredit.local/issuer")
        String issuer();

        @WithDefault("opencredit")
        String audience();
    }
}
