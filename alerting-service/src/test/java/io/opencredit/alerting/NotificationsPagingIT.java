package io.opencredit.alerting;

import static io.opencredit.alerting.Fixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opencredit.alerting.persistence.DeliveryLog;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's paging of {@code GET /subscriptions/{id}/notifications}: {@code {items, next}}, oldest first, a keyset
 * cursor, {@code limit} 1..500 (default 100); a bad limit or cursor is 400 problem+json.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "alerting"), @ResourceArg(name = "smtp", value = "true")})
class NotificationsPagingIT {

    private static final String PATH = "/api/v1/subscriptions/{id}/notifications";

    @Inject
    DeliveryLog log;

    /** Seven emails, refused at once (no SMTP involved): three share a creation time, so the id must order them. */
    private UUID subscriptionWithSevenEmails(String admin) {
        UUID subscription = Fixtures.subscription("Paged", "NO", "nb", "NOK", admin);
        Instant first = Instant.parse("2026-03-01T10:00:00.123456Z");
        for (int i = 0; i < 7; i++) {
            int n = i;
            Instant at = first.plusSeconds(n < 3 ? 0 : n);
            QuarkusTransaction.requiringNew().run(() -> log.record(UUID.randomUUID(), subscription, "TokenBalanceLow", "nb",
                    "email " + n, "text", "<p>html</p>", at, at, List.of(), List.of("not an address " + n)));
        }
        return subscription;
    }

    private static RequestSpecification as(String admin) {
        return given().auth().oauth2(TestTokens.customer(admin));
    }

    @Test
    void every_email_comes_once_a_page_at_a_time_oldest_first() {
        String admin = unique("pager", "example.com");
        UUID subscription = subscriptionWithSevenEmails(admin);

        List<String> ids = new ArrayList<>();
        List<String> created = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = null;
        do {
            RequestSpecification request = as(admin).queryParam("limit", 3);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            JsonPath page = request.get(PATH, subscription).then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.notificationId", String.class));
            created.addAll(page.getList("items.createdAt", String.class));
            sizes.add(page.getList("items").size());
            after = page.getString("next");
        } while (after != null && sizes.size() < 10);

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(ids).hasSize(7).doesNotHaveDuplicates();
        assertThat(created.stream().map(Instant::parse).toList()).isSorted();
        // the default page holds all seven and says there is no more
        JsonPath all = as(admin).get(PATH, subscription).then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items.notificationId", String.class)).containsExactlyElementsOf(ids);
        assertThat(all.getString("next")).isNull();
        // a page exactly full of the last emails has no next (one more row than asked was looked for)
        JsonPath seven = as(admin).queryParam("limit", 7).get(PATH, subscription).then().statusCode(200).extract().jsonPath();
        assertThat(seven.getString("next")).isNull();
        assertThat(as(admin).queryParam("limit", 500).get(PATH, subscription).then().statusCode(200)
                .extract().jsonPath().getList("items")).hasSize(7);
    }

    @Test
    void a_limit_out_of_range_or_a_malformed_cursor_is_400_problem_json() {
        String admin = unique("pager", "example.com");
        UUID subscription = Fixtures.subscription("Paged badly", "NO", "nb", "NOK", admin);
        for (String limit : List.of("0", "501", "-1", "abc", "1e3")) {
            as(admin).queryParam("limit", limit).get(PATH, subscription).then().statusCode(400).contentType("application/problem+json");
        }
        String noPosition = Base64.getUrlEncoder().withoutPadding().encodeToString("x".getBytes(StandardCharsets.UTF_8));
        String notAnId = Base64.getUrlEncoder().withoutPadding().encodeToString("1.0/not-a-uuid".getBytes(StandardCharsets.UTF_8));
        for (String after : List.of("!!!", noPosition, notAnId, "x".repeat(300))) {
            as(admin).queryParam("after", after).get(PATH, subscription).then().statusCode(400).contentType("application/problem+json");
        }
    }
}
