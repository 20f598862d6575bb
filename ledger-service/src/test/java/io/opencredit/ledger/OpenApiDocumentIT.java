package io.opencredit.ledger;

import static io.restassured.RestAssured.given;

import io.opencredit.testkit.OpenApiDocuments;
import io.opencredit.testkit.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The contract cannot drift (issue 22): the OpenAPI document this code serves is docs/openapi/ledger-service.yaml, from which
 * clients/java is generated. -Dopenapi.write=true rewrites the committed file (docs/openapi/README.md).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class OpenApiDocumentIT {

    @Test
    void the_committed_openapi_document_is_the_one_the_code_serves() {
        String live = given().accept("application/yaml").when().get("/q/openapi").then().statusCode(200).extract().asString();
        OpenApiDocuments.assertMatchesCommitted("ledger-service", live);
    }
}
