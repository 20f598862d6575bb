package io.opencredit.ledger.it;

import static io.opencredit.ledger.it.LedgerTestEvents.created;
import static io.opencredit.ledger.it.LedgerTestEvents.credit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opencredit.events.Topics;
import io.opencredit.runtime.clock.SuiteClock;
import io.opencredit.testkit.KafkaTestSupport;
import io.opencredit.testkit.RealInfrastructure;
import io.opencredit.testkit.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A balance answers its total and its tokens as one commit left them. Credits land one after another while reads
 * run; every answer's {@code remaining} must be the sum of the tokens it lists (nothing is used here). Two separate
 * reads once straddled a commit and answered an old total next to a new token (CI, SuiteStoryIT K4).
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {@ResourceArg(name = "database", value = "ledger")})
class BalanceSnapshotIT {

    private static final int CREDITS = 150;
    /** Readers at once: a torn answer needs a commit between two statements of one read, so many reads. */
    private static final int READERS = 4;

    @Inject
    SuiteClock clock;

    @Test
    void T1_a_balance_read_while_credits_land_shows_a_total_that_is_the_sum_of_its_tokens() throws Exception {
        UUID id = UUID.randomUUID();
        String owner = "snapshot-" + id.toString().substring(0, 8) + "@example.com";
        String bearer = TestTokens.bearer(TestTokens.customer(owner));
        Instant now = clock.now();
        KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, created(id, owner, now));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                given().header("Authorization", bearer).get("/api/v1/subscriptions/{id}/balance", id).statusCode() == 200);
        Thread credits = new Thread(() -> {
            for (int i = 0; i < CREDITS; i++) {
                KafkaTestSupport.produce(Topics.ACTIVATION_EVENTS, credit(id, UUID.randomUUID(), "1.00", now));
                sleep(10); // mostly each credit its own consumer batch and commit
            }
        }, "credits");
        credits.start();

        List<String> torn = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger tokens = new AtomicInteger();
        long deadline = System.nanoTime() + 120_000_000_000L;
        Runnable reader = () -> {
            while (tokens.get() < CREDITS && System.nanoTime() < deadline) {
                Response answer = given().header("Authorization", bearer).get("/api/v1/subscriptions/{id}/balance", id).andReturn();
                assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
                reads.incrementAndGet();
                JsonPath balance = answer.jsonPath();
                List<String> remainders = balance.getList("tokens.remaining", String.class);
                BigDecimal sum = remainders.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
                if (sum.compareTo(new BigDecimal(balance.getString("remaining"))) != 0) {
                    torn.add("remaining " + balance.getString("remaining") + " but " + remainders.size() + " tokens holding " + sum);
                }
                tokens.accumulateAndGet(remainders.size(), Math::max);
            }
        };
        List<CompletableFuture<Void>> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(CompletableFuture.runAsync(reader));
        }
        CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get();
        credits.join();
        System.out.println("balance reads while " + CREDITS + " credits landed: " + reads + ", torn: " + torn.size());
        assertThat(tokens.get()).as("all credits arrived").isEqualTo(CREDITS);
        assertThat(torn).as("answers whose total is not the sum of their tokens, of " + reads).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
