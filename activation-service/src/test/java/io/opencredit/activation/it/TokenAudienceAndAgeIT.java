package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SPEC O3 on a service: a bearer token must be meant for the suite ({@code aud} = {@code opencredit})
 * and younger than the maximum token age (12 h, counted from {@code iat}); otherwise 401 problem+json.
 * Each refusal is paired with the same call under a good token, which is let in (answered, not 401).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class TokenAudienceAndAgeIT {

    private static final String NO_SUCH_KEY = "/api/v1/keys/BBBBB-BBBBB-BBBBB-BBBBB-BBBBB";

    private static ValidatableResponse lookUp(String token) {
        return given().auth().oauth2(token).when().get(NO_SUCH_KEY).then();
    }

    private static void refused(String token) {
        lookUp(token).statusCode(401).contentType(PROBLEM).body("status", equalTo(401)).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void O3_a_token_for_the_suite_audience_is_let_in() {
        lookUp(TestTokens.operator()).statusCode(not(equalTo(401)));
    }

    @Test
    void O3_a_token_without_an_audience_is_401() {
        refused(TestTokens.withoutAudience(TestTokens.OPERATOR_EMAIL, TestTokens.OPERATOR));
    }

    @Test
    void O3_a_token_for_another_audience_is_401() {
        refused(TestTokens.withAudience("another-system", TestTokens.OPERATOR_EMAIL, TestTokens.OPERATOR));
        refused(TestTokens.withAudience("opencredit-staging", TestTokens.OPERATOR_EMAIL, TestTokens.OPERATOR));
    }

    @Test
    void O3_a_token_older_than_the_maximum_age_is_401_even_before_it_expires() {
        lookUp(TestTokens.issuedAgo(Duration.ofHours(11), TestTokens.OPERATOR_EMAIL, TestTokens.OPERATOR)).statusCode(not(equalTo(401)));
        refused(TestTokens.issuedAgo(Duration.ofHours(13), TestTokens.OPERATOR_EMAIL, TestTokens.OPERATOR));
    }
}
