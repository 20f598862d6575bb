package io.opencredit.system.security;

import static io.opencredit.system.security.Api.Service.ACTIVATION;
import static io.opencredit.system.security.Api.Service.ALERTING;
import static io.opencredit.system.security.Api.Service.BILLING;
import static io.opencredit.system.security.Api.Service.LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.opencredit.events.PaymentSignature;
import io.opencredit.local.Console;
import io.opencredit.local.LocalSuite;
import io.opencredit.local.SuitePorts;
import io.opencredit.system.security.Api.Reply;
import io.opencredit.system.security.Api.Service;
import io.opencredit.system.security.Matrix.Request;
import io.opencredit.system.security.Tenants.Who;
import io.opencredit.testkit.TestTokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security matrix of issue 8, against the suite started exactly as {@code ./opencredit up} starts it (embedded
 * broker, PostgreSQL and SMTP, the four services as separate JVMs): every endpoint of SPEC §4 on every service, for
 * every role, an anonymous caller and the customer and reseller of another tenant (§6: allowed, 401, 403, or 404 for
 * another tenant's subscription so that ids cannot be probed); forged, foreign and expired tokens; mass assignment;
 * oversize bodies; operator-only endpoints. The data is created through the public API only.
 */
class SecurityMatrixIT {

    private static final int OK = 200;
    private static final int CREATED = 201;
    private static final int ACCEPTED = 202;
    private static final int BAD_REQUEST = 400;
    private static final int UNAUTHORIZED = 401;
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;
    private static final int TOO_LARGE = 413;

    /** The configured body limit of every service (common-runtime: quarkus.http.limits.max-body-size=1M). */
    private static final int BODY_LIMIT = 1024 * 1024;
    /** How long a probe asks again while a service answers SPEC R1's 503 "not yet consistent". */
    private static final Duration CATCH_UP_PATIENCE = Duration.ofSeconds(30);

    private static LocalSuite suite;
    private static Path root;
    private static Api api;
    private static Tenants t;

    @BeforeAll
    static void startSuite() throws Exception {
        root = Path.of("..").toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("opencredit-security-matrix");
        // free ports, so that another run on this machine cannot collide
        suite = new LocalSuite(root, state).withPorts(SuitePorts.free()).startOrClose(true, new Console());
        api = new Api(suite.ports());
        t = new Tenants(api).create();
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    /** The statuses of one row, in the order of the columns. */
    private static int[] is(int... statuses) {
        return statuses;
    }

    private static Request as(Who who, String path, Object body) {
        return new Request(path, body, Map.of(), t.token(who));
    }

    private static Request as(Who who, String path) {
        return as(who, path, null);
    }

    // ------------------------------------------------------------------------------------------------------------------
    // 1. Who may call what (SPEC §4, §5, §6)
    // ------------------------------------------------------------------------------------------------------------------

    @Test
    void every_endpoint_answers_every_caller_as_spec_section_6_requires() {
        String a = t.subscription;
        String ea = t.eaSubscription;
        String unknown = UUID.randomUUID().toString();
        for (int n : new int[] {4, 5}) {
            api.put(LEDGER, "/subscriptions/" + a + "/alerts/" + n, t.customer, alert("20.00", t.customerEmail))
                    .expect(OK, "alert " + n + " to delete in the matrix");
        }

        Matrix<Who> m = new Matrix<>("Access by caller: tenant A = customer + reseller (co-administrator); other = tenant B",
                List.of(Who.values()), w -> w.label);
        // columns:                                                      operator customer reseller meter anonymous other-customer other-reseller
        // --- activation-service -------------------------------------------------------------------------------------------------
        m.row(ACTIVATION, "POST", "/keys",                                 is(201, 403, 403, 403, 401, 403, 403),
                w -> as(w, "/keys", Tenants.keyRequest(1)));
        m.row(ACTIVATION, "GET", "/keys/{key activated into A}",           is(200, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/keys/" + t.activatedKey));
        m.row(ACTIVATION, "GET", "/keys/{key not yet activated}",          is(200, 404, 404, 403, 401, 404, 404),
                w -> as(w, "/keys/" + t.issuedKey));
        m.row(ACTIVATION, "POST", "/activations {into A}",                 is(403, 201, 201, 403, 401, 404, 404),
                w -> as(w, "/activations", Map.of("keyCode", t.issueKey(1), "subscriptionId", a)));
        m.row(ACTIVATION, "POST", "/activations {new subscription}",       is(403, 201, 201, 403, 401, 201, 201),
                w -> as(w, "/activations", Map.of("keyCode", t.issueKey(1), "newSubscription", Tenants.newSubscription("New " + w.label,
                        w == Who.RESELLER || w == Who.OTHER_RESELLER ? t.newEmail("customer") : t.email(w)))));
        m.row(ACTIVATION, "GET", "/subscriptions/{A}",                     is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a));
        m.row(ACTIVATION, "GET", "/subscriptions/{unknown}",               is(403, 404, 404, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + unknown));
        m.row(ACTIVATION, "POST", "/subscriptions/{A}/co-administrators",  is(403, 201, 201, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/co-administrators", Map.of("email", t.newEmail("co-admin"))));
        m.row(ACTIVATION, "POST", "/subscriptions/{A2}/enterprise-agreement-link", is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + ea + "/enterprise-agreement-link",
                        Map.of("enrollmentNumber", "EA-" + t.run, "acknowledgeCreditForfeit", true)));
        m.row(ACTIVATION, "GET", "/ops/clock",                             is(200, 200, 200, 200, 200, 200, 200),
                w -> as(w, "/ops/clock"));
        // --- billing-gateway ----------------------------------------------------------------------------------------------------
        m.row(BILLING, "GET", "/prices",                                   is(200, 200, 200, 200, 401, 200, 200),
                w -> as(w, "/prices"));
        m.row(BILLING, "GET", "/currencies",                               is(200, 200, 200, 200, 401, 200, 200),
                w -> as(w, "/currencies"));
        m.row(BILLING, "POST", "/usage {for A}",                           is(403, 403, 403, 202, 401, 403, 403),
                w -> as(w, "/usage", Map.of("records", List.of(t.usageRecord(a)))));
        m.row(BILLING, "POST", "/estimates {for A}",                       is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/estimates", t.estimate(a)));
        m.row(BILLING, "POST", "/estimates {no subscription}",             is(403, 200, 200, 403, 401, 200, 200),
                w -> as(w, "/estimates", t.estimate(null)));
        // the webhook: the signature decides, not the bearer token (SPEC S5)
        m.row(BILLING, "POST", "/payments/confirmations (signed)",         is(201, 201, 201, 201, 201, 201, 201),
                w -> webhook(w, a, WebhookForgery.NONE));
        m.row(BILLING, "POST", "/payments/confirmations (unsigned)",       is(401, 401, 401, 401, 401, 401, 401),
                w -> webhook(w, a, WebhookForgery.UNSIGNED));
        m.row(BILLING, "POST", "/payments/confirmations (tampered body)",  is(401, 401, 401, 401, 401, 401, 401),
                w -> webhook(w, a, WebhookForgery.TAMPERED));
        m.row(BILLING, "POST", "/payments/confirmations (wrong secret)",   is(401, 401, 401, 401, 401, 401, 401),
                w -> webhook(w, a, WebhookForgery.WRONG_SECRET));
        m.row(BILLING, "POST", "/payments/confirmations (signed 6 min ago)", is(401, 401, 401, 401, 401, 401, 401),
                w -> webhook(w, a, WebhookForgery.STALE));
        m.row(BILLING, "GET", "/ops/clock",                                is(200, 200, 200, 200, 200, 200, 200),
                w -> as(w, "/ops/clock"));
        // --- ledger-service -----------------------------------------------------------------------------------------------------
        m.row(LEDGER, "GET", "/subscriptions/{A}/balance",                 is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/balance"));
        m.row(LEDGER, "GET", "/subscriptions/{A}/balance?asOf",            is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/balance?asOf=" + t.suiteNow().minusSeconds(1)));
        m.row(LEDGER, "GET", "/subscriptions/{unknown}/balance",           is(403, 404, 404, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + unknown + "/balance"));
        m.row(LEDGER, "GET", "/subscriptions/{A}/statement",               is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/statement"));
        m.row(LEDGER, "GET", "/subscriptions/{A}/alerts",                  is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/alerts"));
        m.row(LEDGER, "PUT", "/subscriptions/{A}/alerts/1",                is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/alerts/1", alert("50.00", t.customerEmail)));
        m.row(LEDGER, "GET", "/subscriptions/{A}/alerts/1",                is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/alerts/1"));
        m.row(LEDGER, "DELETE", "/subscriptions/{A}/alerts/{4|5}",         is(403, 204, 204, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/alerts/" + (w == Who.RESELLER ? 5 : 4)));
        m.row(LEDGER, "POST", "/ops/clock/advance",                        is(200, 403, 403, 403, 401, 403, 403),
                w -> as(w, "/ops/clock/advance", Map.of("duration", "PT1S")));
        m.row(LEDGER, "POST", "/ops/projections/verify",                   is(200, 403, 403, 403, 401, 403, 403),
                w -> as(w, "/ops/projections/verify", Map.of("subscriptionIds", List.of(a))));
        m.row(LEDGER, "GET", "/ops/clock",                                 is(200, 200, 200, 200, 200, 200, 200),
                w -> as(w, "/ops/clock"));
        // --- alerting-service ---------------------------------------------------------------------------------------------------
        m.row(ALERTING, "GET", "/subscriptions/{A}/notifications",         is(403, 200, 200, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + a + "/notifications"));
        m.row(ALERTING, "GET", "/subscriptions/{unknown}/notifications",   is(403, 404, 404, 403, 401, 404, 404),
                w -> as(w, "/subscriptions/" + unknown + "/notifications"));
        // issue 22 paging: the page size and the cursor are checked before the subscription, for everyone alike
        m.row(ALERTING, "GET", "/subscriptions/{A}/notifications?limit=501", is(403, 400, 400, 403, 401, 400, 400),
                w -> as(w, "/subscriptions/" + a + "/notifications?limit=501"));
        m.row(ALERTING, "GET", "/subscriptions/{A}/notifications?after=bad", is(403, 400, 400, 403, 401, 400, 400),
                w -> as(w, "/subscriptions/" + a + "/notifications?after=not-a-cursor"));
        m.row(ALERTING, "GET", "/ops/clock",                               is(200, 200, 200, 200, 200, 200, 200),
                w -> as(w, "/ops/clock"));
        // --- every service: dead letters and the audit trail, operators only (SPEC O7) -----------------------------------
        // an id of a dead letter no service holds ("nobody.dlq:0:0", URL-safe base64): 404 for the operator
        String noDeadLetter = "bm9ib2R5LmRscTowOjA";
        for (Api.Service service : List.of(ACTIVATION, BILLING, LEDGER, ALERTING)) {
            m.row(service, "GET", "/ops/dead-letters",                     is(200, 403, 403, 403, 401, 403, 403),
                    w -> as(w, "/ops/dead-letters"));
            m.row(service, "GET", "/ops/dead-letters/{unknown}",           is(404, 403, 403, 403, 401, 403, 403),
                    w -> as(w, "/ops/dead-letters/" + noDeadLetter));
            m.row(service, "POST", "/ops/dead-letters/{unknown}/replay",   is(404, 403, 403, 403, 401, 403, 403),
                    w -> as(w, "/ops/dead-letters/" + noDeadLetter + "/replay"));
            m.row(service, "GET", "/ops/audit",                            is(200, 403, 403, 403, 401, 403, 403),
                    w -> as(w, "/ops/audit"));
        }

        report(m.run(api));
        assertErrorsAreProblems(m);
        assertEquals(t.customerEmail, api.get(ACTIVATION, "/subscriptions/" + a, t.customer).json().path("accountEmail").asText(),
                "tenant A still belongs to its customer after the matrix");
    }

    /** Every error answer of the matrix is problem+json, the security layer's 401 and 403 included (common-runtime ProblemMappers). */
    private static <C> void assertErrorsAreProblems(Matrix<C> m) {
        System.out.println(m.errorShapes());
        List<String> failures = new ArrayList<>();
        for (Matrix.Cell<C> cell : m.cells()) {
            int status = cell.reply().status();
            if (status < 400 || cell.reply().isProblem()) {
                continue;
            }
            failures.add(cell.row().name() + " [" + cell.label() + "] is not problem+json: " + cell.reply());
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " error answers are not problem+json:\n  " + String.join("\n  ", failures));
        }
    }

    private static Map<String, Object> alert(String threshold, String... recipients) {
        return Map.of("threshold", threshold, "recipients", List.of(recipients));
    }

    private enum WebhookForgery { NONE, UNSIGNED, TAMPERED, WRONG_SECRET, STALE }

    private static Request webhook(Who who, String subscriptionId, WebhookForgery forgery) {
        byte[] body = Api.json(t.payment(subscriptionId, "1.00")).getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        switch (forgery) {
            case NONE -> headers.put(PaymentSignature.HEADER, Tenants.signature(body));
            case UNSIGNED -> { }
            case TAMPERED -> {
                headers.put(PaymentSignature.HEADER, Tenants.signature(body));
                body = new String(body, StandardCharsets.UTF_8).replace("\"1.00\"", "\"1000.00\"").getBytes(StandardCharsets.UTF_8);
            }
            case WRONG_SECRET -> headers.put(PaymentSignature.HEADER, Tenants.signature("not-the-secret", now, body));
            case STALE -> headers.put(PaymentSignature.HEADER, Tenants.signature(Tenants.WEBHOOK_SECRET, now - 360, body));
        }
        return new Request("/payments/confirmations", body, headers, t.token(who));
    }

    // ------------------------------------------------------------------------------------------------------------------
    // 2. Tokens the suite must not trust
    // ------------------------------------------------------------------------------------------------------------------

    /** The kinds of bearer token tried on every service; VALID is the control that proves the endpoint works. */
    private enum Token {
        VALID("valid (control)"),
        WRONG_ISSUER("wrong issuer"),
        FOREIGN_KEY("foreign key"),
        EXPIRED("expired"),
        ALG_NONE("alg none"),
        HS256_PUBLIC_KEY("HS256 w/ pub key"),
        GARBAGE("not a JWT"),
        NO_ROLES("no roles");

        final String label;

        Token(String label) {
            this.label = label;
        }

        String mint(String email, String role) {
            return switch (this) {
                case VALID -> TestTokens.token(email, role);
                case WRONG_ISSUER -> TestTokens.withWrongIssuer(email, role);
                case FOREIGN_KEY -> TestTokens.signedByAnotherKey(email, role);
                case EXPIRED -> TestTokens.expired(email, role);
                case ALG_NONE -> unsigned(email, role);
                case HS256_PUBLIC_KEY -> hmacWithPublicKey(email, role);
                case GARBAGE -> "not-a-jwt";
                case NO_ROLES -> TestTokens.token(email);
            };
        }
    }

    @Test
    void forged_foreign_and_expired_tokens_are_refused_on_every_service() {
        String a = t.subscription;
        Matrix<Token> m = new Matrix<>("Bearer tokens the suite must refuse", List.of(Token.values()), k -> k.label);
        // columns:                                                       valid wrong-iss foreign expired none hs256 garbage no-roles
        m.row(ACTIVATION, "GET", "/subscriptions/{A} (customer)",           is(200, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, t.customerEmail, "customer", "/subscriptions/" + a, null));
        m.row(ACTIVATION, "POST", "/keys (operator)",                       is(201, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, TestTokens.OPERATOR_EMAIL, "operator", "/keys", Tenants.keyRequest(1)));
        m.row(BILLING, "GET", "/prices (customer)",                         is(200, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, t.customerEmail, "customer", "/prices", null));
        m.row(BILLING, "POST", "/usage (meter)",                            is(202, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, TestTokens.METER_EMAIL, "meter", "/usage", Map.of("records", List.of(t.usageRecord(a)))));
        m.row(LEDGER, "GET", "/subscriptions/{A}/balance (reseller)",       is(200, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, t.resellerEmail, "reseller", "/subscriptions/" + a + "/balance", null));
        m.row(LEDGER, "POST", "/ops/clock/advance (operator)",              is(200, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, TestTokens.OPERATOR_EMAIL, "operator", "/ops/clock/advance", Map.of("duration", "PT1S")));
        m.row(ALERTING, "GET", "/subscriptions/{A}/notifications (customer)", is(200, 401, 401, 401, 401, 401, 401, 403),
                k -> token(k, t.customerEmail, "customer", "/subscriptions/" + a + "/notifications", null));
        report(m.run(api));
        assertErrorsAreProblems(m);
    }

    private static Request token(Token kind, String email, String role, String path, Object body) {
        return new Request(path, body, Map.of(), kind.mint(email, role));
    }

    private static String claimsJson(String email, String role) {
        long now = Instant.now().getEpochSecond();
        return Api.json(Map.of("iss", TestTokens.ISSUER, "aud", TestTokens.AUDIENCE, "sub", email, "upn", email, "email", email,
                "groups", List.of(role), "iat", now, "exp", now + 3600));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A token with {"alg":"none"} and no signature. */
    private static String unsigned(String email, String role) {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claimsJson(email, role)) + ".";
    }

    /** The algorithm-confusion attack: HS256 keyed with the services' public RSA key (which is public). */
    private static String hmacWithPublicKey(String email, String role) {
        try {
            byte[] publicKey = Files.readAllBytes(root.resolve("common-runtime/src/main/resources/opencredit/dev/jwt-public.pem"));
            String signingInput = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claimsJson(email, role));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(publicKey, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------------
    // 3. Operator-only endpoints
    // ------------------------------------------------------------------------------------------------------------------

    @Test
    void operator_only_endpoints_refuse_every_other_role_and_change_nothing() {
        String allButOperator = "customer+reseller+meter";
        List<String> tokens = List.of(TestTokens.customer(t.customerEmail), TestTokens.reseller(t.resellerEmail), TestTokens.meter(),
                TestTokens.token(t.customerEmail, "customer", "reseller", "meter"), TestTokens.token(t.customerEmail),
                TestTokens.token(t.customerEmail, "admin", "operators", "OPERATOR"));
        List<String> labels = List.of("customer", "reseller", "meter", allButOperator, "no roles", "look-alike roles");
        String offsetBefore = clockOffset();
        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder("\nOperator-only endpoints, refused to every other role (expected 403)\n");
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String label = labels.get(i);
            List<Reply> replies = List.of(
                    api.post(ACTIVATION, "/keys", token, Tenants.keyRequest(10000)),
                    api.post(LEDGER, "/ops/clock/advance", token, Map.of("duration", "P3650D")),
                    api.post(LEDGER, "/ops/projections/verify", token, Map.of()));
            List<String> names = List.of("activation POST /keys", "ledger POST /ops/clock/advance", "ledger POST /ops/projections/verify");
            for (int j = 0; j < replies.size(); j++) {
                Reply reply = replies.get(j);
                boolean ok = reply.status() == FORBIDDEN;
                table.append(String.format("  %-38s %-18s %s%n", names.get(j), label, ok ? "403 ok" : "403!=" + reply.status() + " FAIL"));
                if (!ok) {
                    failures.add(names.get(j) + " as " + label + ": expected 403, got " + reply);
                }
            }
        }
        System.out.println(table);
        assertEquals(offsetBefore, clockOffset(), "a refused clock advance moved the suite clock");
        if (!failures.isEmpty()) {
            fail(failures.size() + " operator-only cells answered wrongly:\n  " + String.join("\n  ", failures));
        }
    }

    private static String clockOffset() {
        return api.get(LEDGER, "/ops/clock", null).expect(OK, "the suite clock").json().path("offset").asText();
    }

    // ------------------------------------------------------------------------------------------------------------------
    // 4. Mass assignment (OWASP API3): state-like fields in bodies are refused or ignored, and never change state
    // ------------------------------------------------------------------------------------------------------------------

    @Test
    void fields_a_client_may_not_set_are_refused_and_change_nothing() throws InterruptedException {
        String email = "mia-" + t.run + "@tenant-m.example";
        String mia = TestTokens.customer(email);
        List<String> failures = new ArrayList<>();
        List<String> lines = new ArrayList<>();

        // keys: status, code, activateBy, issuedAt, activation
        Map<String, Object> keyFields = new LinkedHashMap<>();
        keyFields.put("status", "ACTIVATED");
        keyFields.put("code", "BCDFG-HJKMP-QRTVW-XY234-6789B");
        keyFields.put("activateBy", "2099-12-31");
        keyFields.put("issuedAt", "2000-01-01T00:00:00Z");
        keyFields.put("activation", Map.of("subscriptionId", t.subscription));
        keyFields.forEach((field, value) -> {
            Map<String, Object> body = new LinkedHashMap<>(Tenants.keyRequest(1));
            body.put(field, value);
            Reply reply = api.post(ACTIVATION, "/keys", t.operator, body);
            check(failures, lines, "activation POST /keys +" + field, reply, () -> {
                JsonNode key = api.get(ACTIVATION, "/keys/" + reply.json().path("code").asText(), t.operator).json();
                assertEquals("ISSUED", key.path("status").asText(), "status");
                assertFalse(key.path("code").asText().equals(value), "code");
                assertEquals(java.time.LocalDate.parse(key.path("purchasedOn").asText()).plusYears(5).toString(),
                        key.path("activateBy").asText(), "activateBy");
                assertFalse(key.has("activation"), "activation");
            });
        });

        // the legitimate subscription M: 1 unit = 100 USD
        JsonNode first = api.post(ACTIVATION, "/activations", mia,
                        Map.of("keyCode", t.issueKey(1), "newSubscription", Tenants.newSubscription("Tenant M", email)))
                .expect(CREATED, "tenant M: a legitimate activation").json();
        String m = first.path("subscriptionId").asText();
        Set<String> tokenIds = new HashSet<>(List.of(first.path("tokenId").asText()));
        BigDecimal expectedRemaining = new BigDecimal("100");

        // activations: amounts, token, dates, tenant fields, at the top and inside newSubscription
        Map<String, Object> activationFields = new LinkedHashMap<>();
        activationFields.put("amount", "1000000.00");
        activationFields.put("remaining", "1000000.00");
        activationFields.put("currency", "EUR");
        activationFields.put("units", 10000);
        activationFields.put("tokenId", UUID.randomUUID().toString());
        activationFields.put("expiresAt", "2099-01-01T00:00:00Z");
        activationFields.put("activatedAt", "2000-01-01T00:00:00Z");
        activationFields.put("accountEmail", t.otherCustomerEmail);
        activationFields.put("tenantId", t.otherSubscription);
        for (Map.Entry<String, Object> field : activationFields.entrySet()) {
            String key = t.issueKey(1);
            Map<String, Object> body = new LinkedHashMap<>(Map.of("keyCode", key, "subscriptionId", m));
            body.put(field.getKey(), field.getValue());
            Reply reply = api.post(ACTIVATION, "/activations", mia, body);
            if (reply.ok()) {
                tokenIds.add(reply.json().path("tokenId").asText());
                expectedRemaining = expectedRemaining.add(new BigDecimal("100"));
            }
            check(failures, lines, "activation POST /activations +" + field.getKey(), reply, () -> {
                assertEquals(m, reply.json().path("subscriptionId").asText(), "subscriptionId");
                assertEquals(0, new BigDecimal("100").compareTo(new BigDecimal(reply.json().path("amount").asText())), "amount");
                assertEquals("USD", reply.json().path("currency").asText(), "currency");
            });
            if (!reply.ok()) {
                assertEquals("ISSUED", api.get(ACTIVATION, "/keys/" + key, t.operator).json().path("status").asText(),
                        "a refused activation (+" + field.getKey() + ") left its key ISSUED");
            }
        }
        Map<String, Object> subscriptionFields = new LinkedHashMap<>();
        subscriptionFields.put("id", t.subscription);
        subscriptionFields.put("status", "LINKED_TO_EA");
        subscriptionFields.put("currency", "EUR");
        subscriptionFields.put("coAdministrators", List.of(t.otherResellerEmail));
        subscriptionFields.put("accountEmail", t.otherCustomerEmail);
        subscriptionFields.put("createdBy", t.otherResellerEmail);
        for (Map.Entry<String, Object> field : subscriptionFields.entrySet()) {
            Map<String, Object> newSubscription = new LinkedHashMap<>(Tenants.newSubscription("Tenant M+", email));
            newSubscription.put(field.getKey(), field.getValue());
            Reply reply = api.post(ACTIVATION, "/activations", mia, Map.of("keyCode", t.issueKey(1), "newSubscription", newSubscription));
            check(failures, lines, "activation POST /activations newSubscription +" + field.getKey(), reply, () -> {
                String id = reply.json().path("subscriptionId").asText();
                assertFalse(id.equals(t.subscription), "the new subscription took tenant A's id");
                JsonNode created = api.get(ACTIVATION, "/subscriptions/" + id, mia).expect(OK, "the new subscription").json();
                assertEquals("ACTIVE", created.path("status").asText(), "status");
                assertEquals("USD", created.path("currency").asText(), "currency");
                assertEquals(email, created.path("accountEmail").asText(), "accountEmail");
                assertEquals(0, created.path("coAdministrators").size(), "coAdministrators");
            });
        }

        // co-administrators: another tenant's id or a role in the body
        String injected = t.newEmail("injected");
        for (Map.Entry<String, Object> field : Map.<String, Object>of("subscriptionId", t.otherSubscription, "role", "operator",
                "accountEmail", injected).entrySet()) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("email", injected));
            body.put(field.getKey(), field.getValue());
            Reply reply = api.post(ACTIVATION, "/subscriptions/" + m + "/co-administrators", mia, body);
            check(failures, lines, "activation POST /subscriptions/{M}/co-administrators +" + field.getKey(), reply, () -> {
                JsonNode view = api.get(ACTIVATION, "/subscriptions/" + m, mia).json();
                assertEquals(email, view.path("accountEmail").asText(), "accountEmail");
            });
        }
        // the Enterprise Agreement link: acknowledgement false, with fields that would pretend it is done
        for (Map.Entry<String, Object> field : Map.<String, Object>of("status", "LINKED_TO_EA", "creditForfeited", "0",
                "linkedAt", "2000-01-01T00:00:00Z", "subscriptionId", t.subscription).entrySet()) {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("enrollmentNumber", "EA-M-" + t.run, "acknowledgeCreditForfeit", false));
            body.put(field.getKey(), field.getValue());
            Reply reply = api.post(ACTIVATION, "/subscriptions/" + m + "/enterprise-agreement-link", mia, body);
            boolean refused = reply.status() == BAD_REQUEST || reply.status() == 409;
            lines.add(String.format("  %-72s %s", "activation POST /subscriptions/{M}/enterprise-agreement-link +" + field.getKey(),
                    refused ? reply.status() + " ok (not linked)" : reply.status() + " FAIL"));
            if (!refused) {
                failures.add("EA link without acknowledgement +" + field.getKey() + ": expected 400 or 409, got " + reply);
            }
        }

        // ledger alerts: currency, armed, number, tenant, balance fields
        api.put(LEDGER, "/subscriptions/" + awaitLedger(m, mia) + "/alerts/1", mia, alert("50.00", email)).expect(OK, "tenant M: an alert");
        Map<String, Object> alertFields = new LinkedHashMap<>();
        alertFields.put("currency", "EUR");
        alertFields.put("armed", false);
        alertFields.put("alertNumber", 3);
        alertFields.put("subscriptionId", t.subscription);
        alertFields.put("remaining", "1000000.00");
        for (Map.Entry<String, Object> field : alertFields.entrySet()) {
            Map<String, Object> body = new LinkedHashMap<>(alert("60.00", email));
            body.put(field.getKey(), field.getValue());
            Reply reply = api.put(LEDGER, "/subscriptions/" + m + "/alerts/2", mia, body);
            check(failures, lines, "ledger PUT /subscriptions/{M}/alerts/2 +" + field.getKey(), reply, () -> {
                assertEquals(2, reply.json().path("alertNumber").asInt(), "alertNumber");
                assertEquals("USD", reply.json().path("currency").asText(), "currency");
            });
        }

        // usage: a priced amount, price, eligibility or currency in the record
        Map<String, Object> usageFields = new LinkedHashMap<>();
        usageFields.put("amount", "-1000.00");
        usageFields.put("unitPrice", "-1000");
        usageFields.put("eligible", false);
        usageFields.put("currency", "EUR");
        Reply control = api.post(BILLING, "/usage", t.meter, Map.of("records", List.of(t.usageRecord(m))));
        assertEquals(1, control.expect(ACCEPTED, "a plain usage record for M").json().path("accepted").asInt(),
                "the control record (no extra field) is accepted: " + control);
        for (Map.Entry<String, Object> field : usageFields.entrySet()) {
            Map<String, Object> record = new LinkedHashMap<>(t.usageRecord(m));
            record.put(field.getKey(), field.getValue());
            Reply reply = api.post(BILLING, "/usage", t.meter, Map.of("records", List.of(record)));
            boolean refused = reply.status() == BAD_REQUEST
                    || reply.status() == ACCEPTED && reply.json().path("accepted").asInt() == 0 && reply.json().path("rejected").size() == 1;
            lines.add(String.format("  %-72s %s", "billing POST /usage record +" + field.getKey(),
                    refused ? reply.status() + " ok (record refused: " + problemOf(reply) + ")" : reply.status() + " (accepted: balance checked below)"));
        }

        // card payments: a token id, expiry or balance in the signed confirmation (SPEC S5: unknown fields 400)
        Map<String, Object> paymentFields = new LinkedHashMap<>();
        paymentFields.put("tokenId", UUID.randomUUID().toString());
        paymentFields.put("expiresAt", "2099-01-01T00:00:00Z");
        paymentFields.put("remaining", "1000000.00");
        paymentFields.put("source", "OSA_KEY");
        for (Map.Entry<String, Object> field : paymentFields.entrySet()) {
            Map<String, Object> payment = new LinkedHashMap<>(t.payment(m, "1.00"));
            payment.put(field.getKey(), field.getValue());
            byte[] raw = Api.json(payment).getBytes(StandardCharsets.UTF_8);
            Reply reply = api.send(BILLING, "POST", "/payments/confirmations", null, raw, Map.of(PaymentSignature.HEADER, Tenants.signature(raw)));
            if (reply.ok()) {
                tokenIds.add(reply.json().path("tokenId").asText());
                expectedRemaining = expectedRemaining.add(BigDecimal.ONE);
            }
            check(failures, lines, "billing POST /payments/confirmations +" + field.getKey(), reply, () -> {
                assertEquals(0, BigDecimal.ONE.compareTo(new BigDecimal(reply.json().path("amount").asText())), "amount");
                assertFalse(reply.json().path("tokenId").asText().equals(field.getValue()), "tokenId");
            });
        }

        // the clock: an offset in the body
        String offsetBefore = clockOffset();
        Reply clock = api.post(LEDGER, "/ops/clock/advance", t.operator, Map.of("duration", "PT1S", "offset", "P3650D"));
        check(failures, lines, "ledger POST /ops/clock/advance +offset", clock, () -> assertTrue(
                Duration.parse(clockOffset()).minus(Duration.parse(offsetBefore)).compareTo(Duration.ofMinutes(1)) < 0, "offset"));

        // read everything back, after a marker activation: once the ledger shows it, it has folded everything sent before
        JsonNode marker = api.post(ACTIVATION, "/activations", mia, Map.of("keyCode", t.issueKey(1), "subscriptionId", m))
                .expect(CREATED, "tenant M: the marker activation").json();
        tokenIds.add(marker.path("tokenId").asText());
        expectedRemaining = expectedRemaining.add(new BigDecimal("100"));
        JsonNode balance = awaitToken(m, mia, marker.path("tokenId").asText());
        Set<String> seen = new HashSet<>();
        for (JsonNode token : balance.path("tokens")) {
            seen.add(token.path("tokenId").asText());
            Instant activatedAt = Instant.parse(token.path("activatedAt").asText());
            Instant expiresAt = Instant.parse(token.path("expiresAt").asText());
            assertEquals(activatedAt.atZone(ZoneOffset.UTC).plusMonths(12).toInstant(), expiresAt, "token " + token + " expires 12 months after activation");
            assertEquals(0, new BigDecimal(token.path("original").asText()).compareTo(new BigDecimal(token.path("remaining").asText())),
                    "token " + token + " untouched");
        }
        JsonNode subscription = api.get(ACTIVATION, "/subscriptions/" + m, mia).json();
        JsonNode other = api.get(ACTIVATION, "/subscriptions/" + t.otherSubscription, t.otherCustomer).json();
        JsonNode alerts = api.get(LEDGER, "/subscriptions/" + m + "/alerts", mia).json();
        System.out.println("\nMass assignment: state-like fields in bodies (refused with 400, or ignored)\n" + String.join("\n", lines)
                + "\n  read back: balance " + balance.path("remaining").asText() + " " + balance.path("currency").asText() + " "
                + balance.path("status").asText() + ", " + seen.size() + " tokens; subscription " + subscription.path("status").asText()
                + ", co-administrators " + subscription.path("coAdministrators") + "; alerts " + alerts);
        assertEquals(tokenIds, seen, "the ledger holds exactly the tokens of the accepted requests");
        assertEquals(0, expectedRemaining.compareTo(new BigDecimal(balance.path("remaining").asText())), "remaining credit of M: " + balance);
        assertEquals("USD", balance.path("currency").asText());
        assertEquals("ACTIVE", balance.path("status").asText());
        assertEquals("ACTIVE", subscription.path("status").asText(), "M is not linked to an Enterprise Agreement");
        assertEquals("USD", subscription.path("currency").asText());
        assertEquals(email, subscription.path("accountEmail").asText());
        assertFalse(other.path("coAdministrators").toString().contains(injected), "tenant B got M's injected co-administrator: " + other);
        for (JsonNode alert : alerts) {
            assertEquals("USD", alert.path("currency").asText(), "alert " + alert);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " mass-assignment cells failed:\n  " + String.join("\n  ", failures));
        }
    }

    private static String problemOf(Reply reply) {
        JsonNode rejected = reply.json() == null ? null : reply.json().path("rejected").path(0).path("problem");
        if (rejected == null || rejected.isMissingNode()) {
            return reply.json() == null ? "" : reply.json().path("title").asText();
        }
        String text = rejected.isTextual() ? rejected.asText() : rejected.path("detail").asText(rejected.toString());
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    /** A body field that is refused (400 problem+json) passes; one that is accepted must have been ignored (checked by {@code ignored}). */
    private static void check(List<String> failures, List<String> lines, String what, Reply reply, Runnable ignored) {
        String outcome;
        if (reply.status() == BAD_REQUEST && reply.isProblem()) {
            outcome = "400 ok (" + reply.json().path("title").asText() + ")";
        } else if (reply.ok()) {
            try {
                ignored.run();
                outcome = reply.status() + " ok (ignored)";
            } catch (AssertionError e) {
                outcome = reply.status() + " FAIL (taken: " + e.getMessage() + ")";
                failures.add(what + ": the field was taken: " + e.getMessage() + "; answer " + reply);
            }
        } else {
            outcome = reply.status() + " FAIL";
            failures.add(what + ": expected 400 problem+json or 2xx with the field ignored, got " + reply);
        }
        lines.add(String.format("  %-72s %s", what, outcome));
    }

    private static String awaitLedger(String subscriptionId, String token) throws InterruptedException {
        awaitBalance(subscriptionId, token, b -> { });
        return subscriptionId;
    }

    private static JsonNode awaitToken(String subscriptionId, String token, String tokenId) throws InterruptedException {
        return awaitBalance(subscriptionId, token, b -> {
            for (JsonNode candidate : b.path("tokens")) {
                if (candidate.path("tokenId").asText().equals(tokenId)) {
                    return;
                }
            }
            throw new AssertionError("token " + tokenId + " not yet in " + b);
        });
    }

    private static JsonNode awaitBalance(String subscriptionId, String token, Consumer<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Reply reply = api.get(LEDGER, "/subscriptions/" + subscriptionId + "/balance", token);
            AssertionError last;
            if (reply.status() == OK) {
                try {
                    until.accept(reply.json());
                    return reply.json();
                } catch (AssertionError e) {
                    last = e;
                }
            } else {
                last = new AssertionError("balance of " + subscriptionId + ": " + reply);
            }
            if (System.nanoTime() > deadline) {
                throw last;
            }
            Thread.sleep(250);
        }
    }

    // ------------------------------------------------------------------------------------------------------------------
    // 5. Oversize bodies
    // ------------------------------------------------------------------------------------------------------------------

    @Test
    void bodies_over_the_limit_are_refused_with_413_problem_json() {
        String a = t.subscription;
        byte[] oversize = oversizeJson();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            records.add(t.usageRecord(a));
        }
        Map<String, Object> tooManyRecords = Map.of("records", records);
        String column = "413 problem+json";
        Matrix<String> m = new Matrix<>("Oversize bodies (limit " + BODY_LIMIT + " bytes; body sent " + oversize.length + " bytes)",
                List.of(column), c -> c);
        oversize(m, ACTIVATION, "POST", "/keys", "operator", t.operator, oversize, Map.of());
        oversize(m, ACTIVATION, "POST", "/activations", "customer", t.customer, oversize, Map.of());
        oversize(m, ACTIVATION, "POST", "/subscriptions/" + a + "/co-administrators", "customer", t.customer, oversize, Map.of());
        oversize(m, BILLING, "POST", "/usage", "meter", t.meter, oversize, Map.of());
        oversize(m, BILLING, "POST", "/payments/confirmations", "signed, no token", null, oversize,
                Map.of(PaymentSignature.HEADER, Tenants.signature(oversize)));
        oversize(m, BILLING, "POST", "/estimates", "customer", t.customer, oversize, Map.of());
        oversize(m, LEDGER, "PUT", "/subscriptions/" + a + "/alerts/1", "customer", t.customer, oversize, Map.of());
        oversize(m, LEDGER, "POST", "/ops/clock/advance", "operator", t.operator, oversize, Map.of());
        oversize(m, ALERTING, "GET", "/subscriptions/" + a + "/notifications", "customer, a GET with a body", t.customer, oversize, Map.of());
        // under the byte limit, over the batch limit: the gateway's own 413
        m.row(BILLING, "POST", "/usage 1001 records (meter)", is(TOO_LARGE), c -> new Request("/usage", tooManyRecords, Map.of(), t.meter))
                .answers("problem+json", Reply::isProblem);
        report(m.run(api));
    }

    private static void oversize(Matrix<String> m, Service service, String method, String path, String who, String token, byte[] body,
                                 Map<String, String> headers) {
        String shown = path.replace(t.subscription, "{A}");
        m.row(service, method, shown + " (" + who + ")", is(TOO_LARGE), c -> new Request(path, body, headers, token))
                .answers("problem+json", Reply::isProblem);
    }

    /** A well-formed JSON object just over the limit. */
    private static byte[] oversizeJson() {
        StringBuilder json = new StringBuilder(BODY_LIMIT + 1024).append("{\"pad\":\"");
        json.append("x".repeat(BODY_LIMIT + 512)).append("\"}");
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------------------------------------------------------
    // 6. Probing: another tenant's id looks exactly like an unknown one; idempotency keys are per caller
    // ------------------------------------------------------------------------------------------------------------------

    @Test
    void another_tenants_subscription_is_indistinguishable_from_an_unknown_one() {
        String a = t.subscription;
        // one never-created id per partition of activation.events: a service must say 404 for an unknown id also
        // when its partition holds no record at all (CI found ledger and alerting answering 503 for ever then)
        List<String> unknowns = unknownPerPartition();
        record Probe(Service service, String method, String path, Object body) {
        }
        List<Probe> probes = List.of(
                new Probe(ACTIVATION, "GET", "/subscriptions/%s", null),
                new Probe(ACTIVATION, "POST", "/subscriptions/%s/co-administrators", Map.of("email", "probe@probe.example")),
                new Probe(LEDGER, "GET", "/subscriptions/%s/balance", null),
                new Probe(LEDGER, "GET", "/subscriptions/%s/statement", null),
                new Probe(LEDGER, "PUT", "/subscriptions/%s/alerts/1", alert("1.00", "probe@probe.example")),
                new Probe(ALERTING, "GET", "/subscriptions/%s/notifications", null));
        List<String> failures = new ArrayList<>();
        for (Probe probe : probes) {
            String name = probe.service().module + " " + probe.method() + " " + probe.path();
            // Each goes through the same bounded catch-up (SPEC R1); on a loaded machine any may be told "not yet
            // consistent, try again", which says nothing about the id, so the probe asks again as a client would.
            Reply foreign = api.sendConsistent(probe.service(), probe.method(), String.format(probe.path(), a), t.otherCustomer, probe.body(),
                    Map.of(), CATCH_UP_PATIENCE);
            if (!foreign.isProblem()) {
                failures.add(name + ": the answer to a foreign id is not problem+json: " + foreign);
            }
            String foreignShape = Api.json(foreign.json()).replace(a, "<id>");
            for (String unknown : unknowns) {
                Reply missing = api.sendConsistent(probe.service(), probe.method(), String.format(probe.path(), unknown), t.otherCustomer,
                        probe.body(), Map.of(), CATCH_UP_PATIENCE);
                if (foreign.status() != NOT_FOUND || missing.status() != NOT_FOUND) {
                    failures.add(name + ": expected 404 for both, got foreign " + foreign + " / unknown " + missing);
                    continue;
                }
                String missingShape = Api.json(missing.json()).replace(unknown, "<id>");
                if (!foreignShape.equals(missingShape) || !String.valueOf(foreign.contentType()).equals(String.valueOf(missing.contentType()))) {
                    failures.add(name + ": a foreign id answers differently from an unknown one: " + foreignShape + " vs " + missingShape);
                }
            }
        }
        System.out.println("\nForeign vs unknown subscription: " + probes.size() + " endpoints probed with " + unknowns.size()
                + " unknown ids, " + failures.size() + " differences");
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    /** A random id for each partition of the suite's topics, placed as Kafka's default partitioner places its events. */
    private static List<String> unknownPerPartition() {
        String[] ids = new String[suite.partitions()];
        int found = 0;
        while (found < ids.length) {
            String id = UUID.randomUUID().toString();
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % ids.length;
            if (ids[partition] == null) {
                ids[partition] = id;
                found++;
            }
        }
        return List.of(ids);
    }

    @Test
    void an_idempotency_key_never_replays_another_callers_answer() {
        String a = t.subscription;
        String key = "shared-key-" + t.run;
        Map<String, Object> body = Map.of("email", t.newEmail("idem"));
        String path = "/subscriptions/" + a + "/co-administrators";
        api.send(ACTIVATION, "POST", path, t.customer, body, Map.of("Idempotency-Key", key)).expect(CREATED, "tenant A with an Idempotency-Key");
        Reply replay = api.send(ACTIVATION, "POST", path, t.otherCustomer, body, Map.of("Idempotency-Key", key));
        assertEquals(NOT_FOUND, replay.status(), "another tenant repeating A's request and Idempotency-Key: " + replay);
        assertFalse(replay.body().contains(t.customerEmail), "A's answer leaked to another tenant: " + replay);

        String activationKey = "shared-activation-" + t.run;
        Map<String, Object> activation = Map.of("keyCode", t.issueKey(1), "subscriptionId", a);
        JsonNode original = api.send(ACTIVATION, "POST", "/activations", t.customer, activation, Map.of("Idempotency-Key", activationKey))
                .expect(CREATED, "tenant A activates with an Idempotency-Key").json();
        Reply stolen = api.send(ACTIVATION, "POST", "/activations", t.otherCustomer, activation, Map.of("Idempotency-Key", activationKey));
        assertFalse(stolen.ok(), "another tenant replaying A's activation got it: " + stolen);
        assertFalse(stolen.body().contains(original.path("tokenId").asText()), "A's token id leaked to another tenant: " + stolen);
    }

    // ------------------------------------------------------------------------------------------------------------------

    private static <C> void report(Matrix<C> matrix) {
        System.out.println(matrix.render());
        List<Matrix.Cell<C>> failing = matrix.mismatches();
        if (!failing.isEmpty()) {
            StringBuilder message = new StringBuilder(failing.size() + " of " + matrix.size() + " cells failed:");
            for (Matrix.Cell<C> cell : failing) {
                message.append("\n  ").append(cell.describe());
            }
            fail(message.toString());
        }
    }
}
