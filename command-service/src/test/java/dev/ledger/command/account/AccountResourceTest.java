package dev.ledger.command.account;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LedgerStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class AccountResourceTest {

    @TestHTTPResource("/")
    URI base;

    private static final String PROBLEM = "application/problem+json";
    /** 20 KB of JSON, over the 16 KiB limit. */
    private static final byte[] HUGE_BODY =
            ("{\"amount\": 10, \"reference\": \"" + "x".repeat(20_000) + "\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldOpenAnAccountWithLocationAndETag() {
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("owner", "alice", "currency", "EUR"))
                .post("/accounts")
                .then()
                .statusCode(201)
                .header("Location", containsString("/accounts/"))
                .header("ETag", "\"1\"")
                .body(
                        "owner",
                        equalTo("alice"),
                        "currency",
                        equalTo("EUR"),
                        "balance",
                        equalTo(0),
                        "status",
                        equalTo("OPEN"),
                        "version",
                        equalTo(1),
                        "id",
                        notNullValue());
    }

    @Test
    void shouldPublishLatencyBucketsForTheCommandLatencySlo() {
        anAccountWith(10);
        String metrics = asAdmin().get("/q/metrics").then().extract().asString();
        // the latency SLO alerts count commands answered within 250 ms
        assertTrue(
                metrics.lines()
                        .anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                                && line.contains("method=\"POST\"")
                                && line.contains("le=\"0.25\"")),
                "no 250 ms bucket for commands");
    }

    @Test
    void shouldDepositAndWithdrawReturningTheNewVersion() {
        UUID id = anAccountWith(1000);
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 300, "reference", "rent"))
                .post("/accounts/{id}/withdrawals", id)
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .body("balance", equalTo(700), "version", equalTo(3));
        // the write model's reads are what If-Match is checked against: never kept by a cache
        asAdmin()
                .get("/accounts/{id}", id)
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .header("Cache-Control", "no-store")
                .body("balance", equalTo(700));
    }

    @Test
    void shouldRejectWithdrawalWhenFundsInsufficient() {
        UUID id = anAccountWith(100);
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 101))
                .post("/accounts/{id}/withdrawals", id)
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body(
                        "type",
                        equalTo("https://ledger.example/problems/insufficient-funds"),
                        "status",
                        equalTo(409),
                        "instance",
                        endsWith("/withdrawals"),
                        "balance",
                        equalTo(100),
                        "requested",
                        equalTo(101));
        assertBalanceAndVersion(id, 100, 2);
    }

    @Test
    void shouldReportUnknownAccount() {
        asAdmin()
                .get("/accounts/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("type", equalTo("https://ledger.example/problems/account-not-found"));
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 1))
                .post("/accounts/not-a-uuid/deposits")
                .then()
                .statusCode(404)
                .body("type", endsWith("/account-not-found"));
    }

    @Test
    void shouldCloseOnlyEmptyAccountsAndThenRefuseCommands() {
        UUID id = anAccountWith(50);
        asAdmin()
                .post("/accounts/{id}/closure", id)
                .then()
                .statusCode(409)
                .body("type", endsWith("/account-not-empty"));
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 50))
                .post("/accounts/{id}/withdrawals", id)
                .then()
                .statusCode(200);
        asAdmin()
                .post("/accounts/{id}/closure", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED"), "version", equalTo(4));
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 5))
                .post("/accounts/{id}/deposits", id)
                .then()
                .statusCode(409)
                .body("type", endsWith("/account-closed"));
    }

    @Test
    void shouldListEveryInvalidField() {
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("owner", " ", "currency", "XYZ"))
                .post("/accounts")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body(
                        "type",
                        endsWith("/validation"),
                        "errors.field",
                        hasItem("owner"),
                        "errors.field",
                        hasItem("currency"));
        UUID id = anAccountWith(0);
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 0))
                .post("/accounts/{id}/deposits", id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 1_000_000_000_001L))
                .post("/accounts/{id}/deposits", id)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        assertBalanceAndVersion(id, 0, 1);
    }

    @Test
    void shouldAnswerBadInputWithA4xxProblemAndWriteNothing() {
        UUID id = anAccountWith(10);
        String deposits = "/accounts/" + id + "/deposits";
        expectProblem(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\": "), deposits, 400, "malformed-request");
        expectProblem(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\": \"100\"}"),
                deposits,
                400,
                "malformed-request");
        expectProblem(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\": 10.5}"), deposits, 400, "malformed-request");
        expectProblem(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\": 10, \"amout\": 10}"),
                deposits,
                400,
                "malformed-request");
        expectProblem(
                asAdmin().contentType(ContentType.JSON).body("{\"amount\": 10} {}"),
                deposits,
                400,
                "malformed-request");
        expectProblem(asAdmin().contentType(ContentType.JSON), deposits, 400, "validation");
        expectProblem(
                asAdmin().contentType(ContentType.TEXT).body("amount=10"), deposits, 415, "unsupported-media-type");
        assertBalanceAndVersion(id, 10, 2);
    }

    /**
     * Only the headers are sent: the 413 problem must come from the declared length alone, before
     * anything waits for or reads the body, and the server then closes the connection.
     */
    @Test
    void shouldAnswerADeclaredBodyOverTheLimitWithA413ProblemWithoutReadingIt() throws Exception {
        UUID id = anAccountWith(10);
        String path = "/accounts/" + id + "/deposits";
        RawResponse response = exchange(head(path, "Content-Length: " + HUGE_BODY.length));

        assertEquals(413, response.status(), response.toString());
        assertEquals(PROBLEM, response.headers().get("content-type"));
        JsonPath problem = JsonPath.from(response.body());
        assertEquals("https://ledger.example/problems/request-too-large", problem.getString("type"));
        assertEquals(413, problem.getInt("status"));
        assertEquals(
                "the body has " + HUGE_BODY.length + " bytes; at most 16384 are accepted", problem.getString("detail"));
        assertEquals(path, problem.getString("instance"));
        assertEquals("close", response.headers().get("connection"));
        assertTrue(response.closedAfterwards(), "the connection is closed after the answer");
        assertBalanceAndVersion(id, 10, 2);
    }

    /**
     * Without Content-Length the size is known only while reading: the HTTP layer answers a bare 413
     * (no problem body) once the upload passes 16 KiB, and closes the connection.
     */
    @Test
    void shouldCutOffAChunkedBodyOverTheLimitWithABare413AndWriteNothing() throws Exception {
        UUID id = anAccountWith(10);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head("/accounts/" + id + "/deposits", "Transfer-Encoding: chunked"));
        request.writeBytes((Integer.toHexString(HUGE_BODY.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(HUGE_BODY);
        request.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawResponse response = exchange(request.toByteArray());

        assertEquals(413, response.status(), response.toString());
        assertEquals("", response.body(), "a bare 413: no problem body");
        assertNull(response.headers().get("content-type"));
        assertEquals("close", response.headers().get("connection"));
        assertTrue(response.closedAfterwards(), "the connection is closed after the answer");
        assertBalanceAndVersion(id, 10, 2);
    }

    @Test
    void shouldReplayTheFirstResponseForARepeatedIdempotencyKey() {
        UUID id = anAccountWith(0);
        String key = UUID.randomUUID().toString();
        Response first = asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("amount", 250, "reference", "once"))
                .post("/accounts/{id}/deposits", id);
        Response repeat = asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{ \"reference\": \"once\", \"amount\": 250 }")
                .post("/accounts/{id}/deposits", id);
        assertEquals(200, first.statusCode());
        assertEquals(first.statusCode(), repeat.statusCode());
        assertEquals(first.asString(), repeat.asString());
        assertEquals(first.header("ETag"), repeat.header("ETag"));
        assertBalanceAndVersion(id, 250, 2);
    }

    @Test
    void shouldReplayACreatedAccountWithItsLocation() {
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("owner", "bob", "currency", "USD");
        Response first = asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/accounts");
        Response repeat = asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/accounts");
        assertEquals(201, repeat.statusCode());
        assertEquals(first.header("Location"), repeat.header("Location"));
        assertEquals(first.asString(), repeat.asString());
    }

    @Test
    void shouldRefuseAnIdempotencyKeyReusedForAnotherRequest() {
        UUID id = anAccountWith(0);
        String key = UUID.randomUUID().toString();
        keyed(key, id, "deposits", 10).then().statusCode(200);
        keyed(key, id, "deposits", 11)
                .then()
                .statusCode(422)
                .contentType(PROBLEM)
                .body("type", endsWith("/idempotency-key-reused"));
        keyed(key, id, "withdrawals", 10).then().statusCode(422);
        assertBalanceAndVersion(id, 10, 2);
    }

    @Test
    void shouldReplayARefusalForARepeatedIdempotencyKey() {
        UUID id = anAccountWith(0);
        String key = UUID.randomUUID().toString();
        Response refused = keyed(key, id, "withdrawals", 10);
        assertEquals(409, refused.statusCode());
        asAdmin()
                .contentType(ContentType.JSON)
                .body(Map.of("amount", 10))
                .post("/accounts/{id}/deposits", id)
                .then()
                .statusCode(200);
        Response repeat = keyed(key, id, "withdrawals", 10);
        assertEquals(409, repeat.statusCode(), "the first answer, although the funds are there now");
        assertEquals(PROBLEM, repeat.contentType());
        assertEquals(refused.asString(), repeat.asString());
        assertBalanceAndVersion(id, 10, 2);
    }

    @Test
    void shouldKeepAnIdempotencyKeyWhoseCommandNamedAnUnknownAccount() {
        UUID unknown = UUID.randomUUID();
        UUID id = anAccountWith(0);
        String key = UUID.randomUUID().toString();
        keyed(key, unknown, "deposits", 10)
                .then()
                .statusCode(404)
                .body("detail", equalTo("account " + unknown + " is not known to the ledger"))
                .body("accountId", equalTo(unknown.toString()));
        keyed(key, id, "deposits", 10).then().statusCode(422).body("type", endsWith("/idempotency-key-reused"));
        assertBalanceAndVersion(id, 0, 1);
    }

    @Test
    void shouldRefuseAStaleIfMatchAndWriteNothing() {
        UUID id = anAccountWith(100);
        asAdmin()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"1\"")
                .body(Map.of("amount", 10))
                .post("/accounts/{id}/withdrawals", id)
                .then()
                .statusCode(412)
                .contentType(PROBLEM)
                .body("type", endsWith("/precondition-failed"), "currentVersion", equalTo(2));
        asAdmin()
                .contentType(ContentType.JSON)
                .header("If-Match", "\"2\"")
                .body(Map.of("amount", 10))
                .post("/accounts/{id}/withdrawals", id)
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"");
        assertBalanceAndVersion(id, 90, 3);
    }

    /** The request line and headers of a JSON POST, ending with the blank line. */
    private byte[] head(String path, String framing) {
        return ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                        + "Authorization: Bearer " + Callers.adminToken() + "\r\n"
                        + "Content-Type: application/json\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One HTTP/1.1 exchange over a plain socket, so the test sees exactly what the server sends and
     * whether it closes the connection; an HTTP client would retry, or hide one or the other.
     */
    private RawResponse exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            Map<String, String> headers = new HashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new RawResponse(
                    Integer.parseInt(statusLine.split(" ")[1]),
                    headers,
                    new String(body, StandardCharsets.UTF_8),
                    closed(in));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("the connection closed in the middle of the response: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Whether the server closed the connection after its response. A close with part of the upload
     * still unread reaches the client as a reset instead of an end of stream: closed either way. A
     * connection left open ends in the read timeout, which fails the test.
     */
    private static boolean closed(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            if ("Connection reset".equals(e.getMessage())) {
                return true;
            }
            throw e;
        }
    }

    /** {@code amount} to the account's {@code deposits} or {@code withdrawals}, under an Idempotency-Key. */
    private static Response keyed(String key, UUID account, String command, int amount) {
        return asAdmin()
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("amount", amount))
                .post("/accounts/{id}/" + command, account);
    }

    private record RawResponse(int status, Map<String, String> headers, String body, boolean closedAfterwards) {}

    private static void expectProblem(
            io.restassured.specification.RequestSpecification request, String path, int status, String type) {
        request.post(path)
                .then()
                .statusCode(status)
                .contentType(PROBLEM)
                .body("type", equalTo("https://ledger.example/problems/" + type), "status", equalTo(status));
    }

    static void assertBalanceAndVersion(UUID id, long balance, long version) {
        asAdmin()
                .get("/accounts/{id}", id)
                .then()
                .statusCode(200)
                .body("balance", equalTo((int) balance), "version", equalTo((int) version));
    }
}
