package io.opencredit.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service starts on real Kafka and PostgreSQL, migrates its database and reports ready. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class ReadinessIT {

    @Test
    void service_is_ready_on_real_infrastructure() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openapi_and_metrics_are_exposed() {
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
