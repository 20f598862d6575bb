package io.opencredit.billing.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.Currencies;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default price catalogue and the currencies (SPEC §4, §5, M2). */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "billing")})
class CatalogueIT {

    @Test
    @SuppressWarnings("unchecked")
    void the_default_catalogue_has_ten_meters_across_services_priced_in_every_currency_and_an_ineligible_marketplace_meter() {
        List<Map<String, Object>> meters = given().header("Authorization", TestTokens.bearer(TestTokens.customer("a@example.com")))
                .when().get("/api/v1/prices").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(meters).hasSizeGreaterThanOrEqualTo(10);
        assertThat(meters).extracting(m -> m.get("service")).contains("Virtual Machines", "Storage", "Backup", "Bandwidth", "SQL Database");
        for (Map<String, Object> meter : meters) {
            Map<String, Object> prices = (Map<String, Object>) meter.get("prices");
            assertThat(prices.keySet()).as(meter.get("meterId").toString()).containsExactlyInAnyOrderElementsOf(Currencies.DEFAULT_CREDIT_PER_UNIT.keySet());
            assertThat(prices.values()).allMatch(p -> p instanceof String);
        }
        assertThat(meters).anyMatch(m -> "Marketplace".equals(m.get("service")) && Boolean.FALSE.equals(m.get("eligible")));
    }

    @Test
    void M2_currencies_list_credit_per_unit_and_fraction_digits() {
        given().header("Authorization", TestTokens.bearer(TestTokens.meter())).when().get("/api/v1/currencies").then().statusCode(200)
                .body("find { it.currency == 'USD' }.creditPerUnit", org.hamcrest.Matchers.equalTo("100.00"))
                .body("find { it.currency == 'JPY' }.fractionDigits", org.hamcrest.Matchers.equalTo(0))
                .body("size()", org.hamcrest.Matchers.equalTo(11));
        given().when().get("/api/v1/currencies").then().statusCode(401);
    }
}
