package io.opencredit.activation.it;

import static io.opencredit.activation.it.Api.PROBLEM;
import static io.opencredit.activation.it.Api.addCoAdministrator;
import static io.opencredit.activation.it.Api.newEmail;
import static io.opencredit.activation.it.Api.newSubscriptionFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.events.BalanceChanged;
import io.opencredit.events.EventEnvelope;
import io.opencredit.events.Money;
import io.opencredit.events.Producers;
import io.opencredit.events.SubscriptionStatus;
import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/subscriptions} (issue 17, for the portal): the subscriptions the caller may see, a page at a
 * time, on real PostgreSQL and Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "activation")})
class SubscriptionListIT {

    @Inject
    SuiteClock clock;

    private LocalDate today() {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }

    private static JsonPath list(String token, String query) {
        return given().auth().oauth2(token).when().get("/api/v1/subscriptions" + query).then()
                .statusCode(200).extract().jsonPath();
    }

    /** Every id the caller sees, following the cursor page by page. */
    private static List<String> allPages(String token, int limit) {
        List<String> ids = new ArrayList<>();
        String query = "?limit=" + limit;
        for (int pages = 0; pages < 50; pages++) {
            JsonPath page = list(token, query);
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(limit);
            ids.addAll(page.getList("items.id", String.class));
            String next = page.getString("next");
            if (next == null) {
                return ids;
            }
            query = "?limit=" + limit + "&after=" + next;
        }
        throw new AssertionError("more than 50 pages");
    }

    @Test
    void S6_the_list_holds_exactly_the_subscriptions_the_caller_administers() {
        String owner = newEmail("list-owner");
        String colleague = newEmail("list-colleague");
        String stranger = newEmail("list-stranger");
        String first = newSubscriptionFor(owner, "USD", today());
        String second = newSubscriptionFor(owner, "USD", today());
        String strangers = newSubscriptionFor(stranger, "USD", today());
        addCoAdministrator(TestTokens.customer(owner), second, colleague).statusCode(201);

        assertThat(allPages(TestTokens.customer(owner), 50)).containsExactly(first, second);
        assertThat(allPages(TestTokens.reseller(colleague), 50)).containsExactly(second);
        assertThat(allPages(TestTokens.customer(stranger), 50)).containsExactly(strangers);
        assertThat(allPages(TestTokens.customer(newEmail("nobody")), 50)).isEmpty();
        // the same address in other letters is the same person (O3 normalisation)
        assertThat(allPages(TestTokens.customer(owner.toUpperCase()), 50)).containsExactly(first, second);
        assertThat(list(TestTokens.customer(owner), "").getString("items[0].accountEmail")).isEqualTo(owner);
    }

    @Test
    void the_cursor_walks_every_subscription_once_in_creation_order() {
        String owner = newEmail("pages");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(newSubscriptionFor(owner, "EUR", today()));
        }
        assertThat(allPages(TestTokens.customer(owner), 2)).containsExactlyElementsOf(created);
        assertThat(allPages(TestTokens.customer(owner), 5)).containsExactlyElementsOf(created);
        JsonPath firstPage = list(TestTokens.customer(owner), "?limit=2");
        assertThat(firstPage.getInt("limit")).isEqualTo(2);
        assertThat(firstPage.getString("next")).isNotBlank();
        assertThat(list(TestTokens.customer(owner), "?limit=5").getString("next")).isNull();
    }

    @Test
    void bad_paging_input_is_400_problem_json() {
        String token = TestTokens.customer(newEmail("bad-paging"));
        for (String query : List.of("?limit=0", "?limit=201", "?limit=ten", "?limit=-1", "?after=not-a-cursor",
                "?after=" + UUID.randomUUID(), "?status=SLEEPING")) {
            given().auth().oauth2(token).when().get("/api/v1/subscriptions" + query).then()
                    .statusCode(400).contentType(PROBLEM);
        }
        list(token, "?limit=200");
        list(token, "?limit=1");
    }

    @Test
    void operators_see_every_subscription_and_can_pick_the_suspended_ones() {
        String owner = newEmail("suspended");
        String suspended = newSubscriptionFor(owner, "USD", today());
        String active = newSubscriptionFor(owner, "USD", today());
        KafkaTestSupport.produce(Topics.LEDGER_EVENTS, EventEnvelope.of(UUID.fromString(suspended),
                new BalanceChanged(Money.zero("USD"), Money.of("3", "USD"), SubscriptionStatus.SUSPENDED, clock.now()),
                Producers.LEDGER, null, clock.now()));
        Awaitility.await("the ledger's word reaches the list").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300))
                .until(() -> allOperatorPages("?status=SUSPENDED&limit=200").contains(suspended));
        assertThat(allOperatorPages("?status=SUSPENDED&limit=200")).doesNotContain(active);
        assertThat(allOperatorPages("?status=ACTIVE&limit=200")).contains(active).doesNotContain(suspended);
        assertThat(allOperatorPages("?limit=200")).contains(active, suspended);
        // the owner's own view is filtered the same way
        assertThat(list(TestTokens.customer(owner), "?status=suspended").getList("items.id", String.class)).containsExactly(suspended);
        given().auth().oauth2(TestTokens.meter()).when().get("/api/v1/subscriptions").then().statusCode(403);
        given().when().get("/api/v1/subscriptions").then().statusCode(401);
    }

    private static List<String> allOperatorPages(String query) {
        List<String> ids = new ArrayList<>();
        String q = query;
        for (int pages = 0; pages < 1000; pages++) {
            JsonPath page = list(TestTokens.operator(), q);
            ids.addAll(page.getList("items.id", String.class));
            String next = page.getString("next");
            if (next == null) {
                return ids;
            }
            q = query + "&after=" + next;
        }
        throw new AssertionError("too many pages");
    }
}
