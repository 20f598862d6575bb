package io.opencredit.ledger.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** C2 with a bound: the suite clock's offset never passes 100 years, and hostile durations are refused cheaply. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class ClockBoundIT {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    SuiteClock clock;

    @Inject
    AgroalDataSource dataSource;

    private static ValidatableResponse advance(String duration) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.operator())).contentType(ContentType.JSON)
                .body(Map.of("duration", duration)).post("/api/v1/ops/clock/advance").then();
    }

    private long storedOffsetMillis() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT offset_millis FROM ledger_clock WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void C2_an_advance_beyond_the_bound_is_422_and_changes_nothing() throws Exception {
        advance("PT1S").statusCode(200);
        Duration before = clock.offset();
        long stored = storedOffsetMillis();
        advance("P120000000D").statusCode(422).contentType(PROBLEM).body("type", endsWith("C2-clock-offset-beyond-bound"));
        // within the bound on its own, but not added to the offset already there
        advance(SuiteClock.MAX_OFFSET.minus(before).plusSeconds(1).toString()).statusCode(422).contentType(PROBLEM)
                .body("type", endsWith("C2-clock-offset-beyond-bound"));
        assertThat(clock.offset()).isEqualTo(before);
        assertThat(storedOffsetMillis()).isEqualTo(stored);
        given().get("/api/v1/ops/clock").then().statusCode(200).body("offset", equalTo(before.toString()));
    }

    @Test
    void C2_hostile_durations_are_400_in_bounded_time_and_change_nothing() throws Exception {
        advance("PT1S").statusCode(200);
        Duration before = clock.offset();
        long started = System.nanoTime();
        for (String hostile : new String[] {"P99999999999999999999999999D", "PT9223372036854775807H",
                "P" + "9".repeat(100_000) + "D", "PT" + "1".repeat(5_000) + "." + "9".repeat(5_000) + "S", " P1D", "P1D\u0000",
                "P\u0661D", "P1.5D"}) {
            advance(hostile).statusCode(400).contentType(PROBLEM).body("type", endsWith("invalid-duration"));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        advance("PT0S").statusCode(422).body("type", endsWith("C2-clock-only-moves-forward"));
        assertThat(clock.offset()).isEqualTo(before);
    }
}
