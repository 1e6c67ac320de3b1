package dev.ledger.k8s.pods;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.Scrape;
import dev.ledger.k8s.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The ACD proxy's behaviours, through the real HAProxy in front of the real services: the dev
 * overlay's pods with the proxy as a sidecar, played with podman. Limits are set low for the test
 * (as an overlay would) over periods far longer than the test, so that counting never depends on
 * timing; each test is its own client (X-Client-Id), so their counts never mix. Requests to the
 * API go to the proxy's cluster-internal port unless a test is about another one.
 */
@ResourceLock(Podman.PODS)
class ProxyIT {

    private static final String ALLOWED_ORIGIN = "https://app.ledger.example";
    private static final int COMMAND_BURST = 3;
    private static final int QUERY_RATE = 8;
    private static final int CIRCUIT_ERRORS = 5;
    private static final int MAX_REQUESTS = 2;
    /** Long enough for a deposit to be projected while a request waits in the queue. */
    private static final int QUEUE_TIMEOUT_SECONDS = 10;

    private static final Map<String, String> TEST_LIMITS = Map.ofEntries(
            Map.entry("RATE_PERIOD_SECONDS", "600"),
            Map.entry("BURST_PERIOD_SECONDS", "600"),
            Map.entry("COMMAND_BURST_LIMIT", String.valueOf(COMMAND_BURST)),
            Map.entry("COMMAND_RATE_LIMIT", "1000"),
            Map.entry("QUERY_BURST_LIMIT", "1000"),
            Map.entry("QUERY_RATE_LIMIT", String.valueOf(QUERY_RATE)),
            Map.entry("CIRCUIT_ERROR_LIMIT", String.valueOf(CIRCUIT_ERRORS)),
            Map.entry("APP_MAX_REQUESTS", String.valueOf(MAX_REQUESTS)),
            Map.entry("QUEUE_TIMEOUT", QUEUE_TIMEOUT_SECONDS + "s"),
            // only the observed errors open the circuit, never a run of failed probes
            Map.entry("HEALTH_CHECK_FALL", "1000"),
            Map.entry("CORS_ALLOWED_ORIGINS", ALLOWED_ORIGIN + " https://admin.ledger.example"));
    /** Reads a client may reuse for the whole test, not for the default second: still never shared. */
    private static final Map<String, String> LONG_CACHE = Map.of("LEDGER_HTTP_CACHE_MAX_AGE", "60s");
    /**
     * On the query side, a read of a version not projected yet waits for it 25 s rather than two:
     * such reads hold the service's places longer than a request waits in the queue, and still
     * answer before the proxy's 30 s server timeout.
     */
    private static final Map<String, String> LONG_CACHE_AND_WAIT = Stream.concat(
                    LONG_CACHE.entrySet().stream(), Stream.of(Map.entry("LEDGER_READ_YOUR_WRITES_MAX_WAIT", "25s")))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static LedgerPods ledger;
    private static ServicePod command;
    private static ServicePod query;
    private static String account;

    @BeforeAll
    static void playTheServicesWithTheirProxies() throws Exception {
        ledger = LedgerPods.start();
        command = ledger.playService(
                "ledger-command", PodPorts.free(), new PodmanAdaptation.Environment(LONG_CACHE, TEST_LIMITS));
        query = ledger.playService(
                "ledger-query", PodPorts.free(), new PodmanAdaptation.Environment(LONG_CACHE_AND_WAIT, TEST_LIMITS));
        HttpResponse<String> opened =
                send(post(command, "/accounts", "setup", "{\"owner\":\"proxy\",\"currency\":\"EUR\"}"));
        assertEquals(201, opened.statusCode(), opened.body());
        account = ServicePod.JSON.readTree(opened.body()).path("id").asText();
        // the read model has it once a read that must see version 1 answers 200
        assertEquals(
                200,
                send(get(query, "/accounts/" + account, "setup").header("X-Min-Version", "1"))
                        .statusCode());
    }

    @AfterAll
    static void removeThem() {
        if (ledger != null) {
            ledger.close();
        }
    }

    // --- Rate limiting ---

    @Test
    void shouldAnswer429ToAClientOverItsBurstAndLeaveOthersAlone() throws Exception {
        String body = "{\"owner\":\"burst\",\"currency\":\"EUR\"}";
        for (int i = 0; i < COMMAND_BURST; i++) {
            assertEquals(201, send(post(command, "/accounts", "burst-a", body)).statusCode());
        }
        HttpResponse<String> limited =
                send(post(command, "/accounts", "burst-a", body).header("Origin", ALLOWED_ORIGIN));
        assertProblem(limited, 429, "rate-limited");
        assertEquals("600", header(limited, "Retry-After"));
        assertTrue(limited.body().contains("burst"), limited.body());
        // the proxy's own answers carry the CORS and security headers too
        assertEquals(ALLOWED_ORIGIN, header(limited, "Access-Control-Allow-Origin"));
        assertEquals("nosniff", header(limited, "X-Content-Type-Options"));

        assertEquals(201, send(post(command, "/accounts", "burst-b", body)).statusCode());
    }

    @Test
    void shouldLimitCommandsMoreStrictlyThanQueriesOfTheSameClient() throws Exception {
        String body = "{\"owner\":\"strict\",\"currency\":\"EUR\"}";
        for (int i = 0; i <= COMMAND_BURST; i++) {
            assertEquals(
                    200, send(get(command, "/accounts/" + account, "strict")).statusCode(), "query " + i);
        }
        for (int i = 0; i < COMMAND_BURST; i++) {
            assertEquals(201, send(post(command, "/accounts", "strict", body)).statusCode(), "command " + i);
        }
        assertEquals(429, send(post(command, "/accounts", "strict", body)).statusCode());
    }

    @Test
    void shouldAnswer429ToAClientOverTheSustainedRate() throws Exception {
        for (int i = 0; i < QUERY_RATE; i++) {
            assertEquals(
                    200, send(get(query, "/accounts/" + account, "sustained")).statusCode(), "query " + i);
        }
        HttpResponse<String> limited = send(get(query, "/accounts/" + account, "sustained"));
        assertProblem(limited, 429, "rate-limited");
        assertEquals("600", header(limited, "Retry-After"));
        assertTrue(limited.body().contains("sustained"), limited.body());
        assertEquals(
                200, send(get(query, "/accounts/" + account, "sustained-other")).statusCode());
    }

    // --- Circuit breaking ---

    @Test
    void shouldOpenTheCircuitAfterConsecutiveErrorsAndCloseItOnceReady() throws Exception {
        String path = "/accounts/" + UUID.randomUUID();
        assertEquals(
                200,
                send(HttpRequest.newBuilder(command.opsUri("/admin/fault")).PUT(noBody()))
                        .statusCode());
        try {
            for (int i = 0; i < CIRCUIT_ERRORS; i++) {
                assertProblem(send(get(command, path, "circuit-" + i)), 500, "fault-injected");
            }
            long served = apiRequestsServed(command);
            long started = System.nanoTime();
            HttpResponse<String> open = send(get(command, path, "circuit-open").header("Origin", ALLOWED_ORIGIN));
            System.out.printf("proxy: open circuit answered in %.2f ms%n", (System.nanoTime() - started) / 1e6);
            assertProblem(open, 503, "service-unavailable");
            assertEquals("1", header(open, "Retry-After"));
            assertEquals(ALLOWED_ORIGIN, header(open, "Access-Control-Allow-Origin"));
            assertEquals(served, apiRequestsServed(command), "the open circuit called the service");
        } finally {
            assertEquals(
                    200,
                    send(HttpRequest.newBuilder(command.opsUri("/admin/fault")).DELETE())
                            .statusCode());
        }
        // readiness is probed every second while open; the first passing probe closes the circuit
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int status = 0;
        for (int i = 0; status != 404 && System.nanoTime() < deadline; i++) {
            status = send(get(command, path, "circuit-closing-" + i)).statusCode();
            if (status == 503) {
                Thread.sleep(100);
            }
        }
        assertEquals(404, status, "the circuit did not close once the service was ready again");
    }

    // --- TLS ---

    @Test
    void shouldTerminateTlsWithItsSecretsCertificate() throws Exception {
        HttpClient https = HttpClient.newBuilder()
                .sslContext(trusting(ledger.proxy.certificate().resolve(TestCertificate.CERTIFICATE)))
                .build();
        HttpResponse<String> answer = https.send(
                get(command, "/accounts/" + account, "tls")
                        .uri(URI.create("https://localhost:" + command.ports().https() + "/accounts/" + account))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(header(answer, "Strict-Transport-Security").startsWith("max-age="));
        assertTrue(handshake(command, "-tls1_2").contains("Protocol version: TLSv1.2"));
        assertTrue(handshake(command, "-tls1_3").contains("Protocol version: TLSv1.3"));
    }

    @Test
    void shouldRefuseTls11AndCiphersWithoutForwardSecrecy() throws Exception {
        // the client offers them; the proxy answers with an alert
        assertTrue(
                handshake(command, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0").contains("alert protocol version"));
        String staticRsa = handshake(command, "-tls1_2", "-cipher", "AES128-SHA:AES256-GCM-SHA384");
        assertTrue(staticRsa.contains("alert handshake failure"), staticRsa);
    }

    @Test
    void shouldRedirectPublicHttpToHttpsButNotTheInternalPort() throws Exception {
        // by hand: java.net.http does not let a client choose its Host header
        try (Socket socket = new Socket("127.0.0.1", command.ports().http())) {
            socket.getOutputStream()
                    .write(("GET /accounts/" + account + "?x=1 HTTP/1.1\r\nHost: ledger.example\r\n"
                                    + "X-Client-Id: redirect\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            List<String> answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                    .lines()
                    .toList();
            assertEquals("HTTP/1.1 308 Permanent Redirect", answer.get(0));
            assertTrue(
                    answer.contains("location: https://ledger.example/accounts/" + account + "?x=1"),
                    String.join("\n", answer));
        }
        assertEquals(200, send(get(command, "/accounts/" + account, "internal")).statusCode());
    }

    // --- Cache ---

    @Test
    void shouldNeverServeOneCallersReadToAnother() throws Exception {
        String path = "/accounts/" + account + "/transactions";
        long served = apiRequestsServed(query);
        HttpResponse<String> first = send(get(query, path, "cache"));
        assertEquals(200, first.statusCode());
        assertEquals("private, max-age=60", header(first, "Cache-Control"));
        HttpResponse<String> second = send(get(query, path, "cache"));
        assertEquals(200, second.statusCode());
        assertEquals("", header(second, "X-Cache"), "an answer to a request with a bearer token is not shared");
        // a reader of other accounts is asked for its token's rights, not handed the stored answer
        HttpResponse<String> stranger =
                send(get(query, path, "cache").setHeader("Authorization", "Bearer " + Callers.readerToken("stranger")));
        assertProblem(stranger, 403, "forbidden");
        assertEquals(served + 3, apiRequestsServedAtLeast(query, served + 3));
    }

    @Test
    void shouldGzipForAClientThatReadsItAndSayItVariesOnThat() throws Exception {
        String path = "/accounts/" + account + "/transactions?limit=7";
        HttpResponse<byte[]> gzipped = sendBytes(get(query, path, "vary").header("Accept-Encoding", "gzip"));
        assertEquals("gzip", header(gzipped, "Content-Encoding"));
        assertTrue(header(gzipped, "Vary").contains("Accept-Encoding"));
        HttpResponse<String> plain = send(get(query, path, "vary").header("Accept-Encoding", "identity"));
        assertEquals("", header(plain, "Content-Encoding"));
        assertTrue(plain.body().contains("\"items\""), plain.body());
    }

    @Test
    void shouldNeverCacheCommandsErrorsOrNoStoreAnswers() throws Exception {
        long commandServed = apiRequestsServed(command);
        // the command side answers no-store, also to reads
        assertEquals(200, send(get(command, "/accounts/" + account, "no-store")).statusCode());
        assertEquals(200, send(get(command, "/accounts/" + account, "no-store")).statusCode());
        String deposit = "{\"amount\":1}";
        assertEquals(
                200,
                send(post(command, "/accounts/" + account + "/deposits", "no-store", deposit))
                        .statusCode());
        assertEquals(
                200,
                send(post(command, "/accounts/" + account + "/deposits", "no-store", deposit))
                        .statusCode());
        assertEquals(commandServed + 4, apiRequestsServed(command));

        long queryServed = apiRequestsServed(query);
        String unknown = "/accounts/" + UUID.randomUUID();
        assertEquals(404, send(get(query, unknown, "errors")).statusCode());
        assertEquals(404, send(get(query, unknown, "errors")).statusCode());
        assertEquals(queryServed + 2, apiRequestsServed(query));
    }

    // --- CORS ---

    @Test
    void shouldAnswerAnAllowedPreflightItselfAndGiveOtherOriginsNoCorsHeaders() throws Exception {
        long served = apiRequestsServed(command);
        HttpResponse<String> allowed = send(preflight(command, ALLOWED_ORIGIN));
        assertEquals(204, allowed.statusCode());
        assertEquals(ALLOWED_ORIGIN, header(allowed, "Access-Control-Allow-Origin"));
        assertTrue(header(allowed, "Access-Control-Allow-Methods").contains("POST"));
        assertTrue(header(allowed, "Access-Control-Allow-Headers").contains("Idempotency-Key"));

        HttpResponse<String> refused = send(preflight(command, "https://evil.example"));
        assertEquals("", header(refused, "Access-Control-Allow-Origin"));
        assertEquals(served, apiRequestsServed(command), "a preflight reached the service");

        HttpResponse<String> read =
                send(get(command, "/accounts/" + account, "cors").header("Origin", "https://admin.ledger.example"));
        assertEquals("https://admin.ledger.example", header(read, "Access-Control-Allow-Origin"));
        assertTrue(header(read, "Access-Control-Expose-Headers").contains("ETag"));
        HttpResponse<String> other =
                send(get(command, "/accounts/" + account, "cors").header("Origin", "https://evil.example"));
        assertEquals(200, other.statusCode());
        assertEquals("", header(other, "Access-Control-Allow-Origin"));
    }

    // --- Routing ---

    @Test
    void shouldKeepHealthAndMetricsOffThePublicPortsAndServeThemOnTheOpsPort() throws Exception {
        for (ServicePod service : List.of(command, query)) {
            for (String path : List.of("/q/health/ready", "/q/metrics", "/admin/fault", "/q/openapi")) {
                HttpResponse<String> hidden = send(get(service, path, "routing"));
                assertProblem(hidden, 404, "not-found");
                assertTrue(hidden.body().contains("no such resource"), hidden.body());
            }
            for (String path : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/proxy/metrics")) {
                assertEquals(200, ServicePod.status(service.opsUri(path)), path + " on the operations port");
            }
            assertProblem(send(HttpRequest.newBuilder(service.opsUri("/accounts"))), 404, "not-found");
        }
    }

    @Test
    void shouldAnswerUnknownPathsWithA404ProblemOfItsOwn() throws Exception {
        long served = apiRequestsServed(query);
        for (String path : List.of("/nope", "/accountsx", "/transfers")) {
            assertProblem(send(get(query, path, "unknown")), 404, "not-found");
        }
        assertEquals(served, apiRequestsServed(query));
        assertEquals(200, send(get(query, "/ledger/totals", "unknown")).statusCode());
    }

    // --- Requests at once ---

    @Test
    void shouldQueueRequestsOverTheServicesLimitAndServeThemWhenAPlaceFrees() throws Exception {
        String opened = openedAndVisible("queued");
        List<CompletableFuture<HttpResponse<String>>> holders = holdEveryPlace(opened, 2);
        CompletableFuture<HttpResponse<String>> queued;
        try {
            queued = sendAsync(get(query, "/accounts/" + opened, "queued"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> proxyMetric(query, "haproxy_backend_current_queue"), queue -> queue == 1);
            assertFalse(queued.isDone(), "a request over the limit was answered while every place was taken");
        } finally {
            deposit(opened);
        }
        for (CompletableFuture<HttpResponse<String>> holder : holders) {
            assertEquals(200, holder.get(30, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, queued.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void shouldAnswer503ToARequestThatWaitedLongerThanTheQueueAllows() throws Exception {
        String opened = openedAndVisible("shed");
        List<CompletableFuture<HttpResponse<String>>> holders = holdEveryPlace(opened, 2);
        double turnedAway = proxysOwn5xx(query);
        try {
            // the service would have answered 200: the 503 and its detail are the proxy's own
            HttpResponse<String> shed =
                    send(get(query, "/accounts/" + opened, "shed").header("Origin", ALLOWED_ORIGIN));
            assertProblem(shed, 503, "service-unavailable");
            assertEquals("1", header(shed, "Retry-After"));
            assertTrue(shed.body().contains("busy"), shed.body());
            assertEquals(ALLOWED_ORIGIN, header(shed, "Access-Control-Allow-Origin"));
            assertTrue(holders.stream().noneMatch(CompletableFuture::isDone), "the places were not held throughout");
            // what LedgerProxyTurningAway counts, read from the real exporter: one more, not two
            double counted = await().atMost(Duration.ofSeconds(10))
                    .until(() -> proxysOwn5xx(query), own -> own >= turnedAway + 1);
            assertEquals(turnedAway + 1, counted);
        } finally {
            deposit(opened);
        }
        for (CompletableFuture<HttpResponse<String>> holder : holders) {
            assertEquals(200, holder.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    /** An account opened by {@code client} through the command side, once the query side shows it. */
    private static String openedAndVisible(String client) throws Exception {
        HttpResponse<String> opened =
                send(post(command, "/accounts", client, "{\"owner\":\"" + client + "\",\"currency\":\"EUR\"}"));
        assertEquals(201, opened.statusCode(), opened.body());
        String id = ServicePod.JSON.readTree(opened.body()).path("id").asText();
        assertEquals(
                200,
                send(get(query, "/accounts/" + id, client).header("X-Min-Version", "1"))
                        .statusCode());
        return id;
    }

    /**
     * Reads that wait for the account's next version take every place the query side's proxy gives
     * its service, and hold them until a deposit makes that version (25 s at most); returned once
     * the proxy shows them all at the service. The caller deposits in a finally block, so a failed
     * test leaves no place held for the next.
     */
    private static List<CompletableFuture<HttpResponse<String>>> holdEveryPlace(String account, long nextVersion) {
        List<CompletableFuture<HttpResponse<String>>> holders = new ArrayList<>();
        for (int i = 0; i < MAX_REQUESTS; i++) {
            holders.add(sendAsync(get(query, "/accounts/" + account, "holder-" + account + "-" + i)
                    .header("X-Min-Version", String.valueOf(nextVersion))));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> proxyMetric(query, "haproxy_server_current_sessions"),
                        sessions -> sessions == MAX_REQUESTS);
        return holders;
    }

    private static void deposit(String account) throws Exception {
        assertEquals(
                200,
                send(post(command, "/accounts/" + account + "/deposits", "deposit-" + account, "{\"amount\":100}"))
                        .statusCode());
    }

    /**
     * One of the proxy's own metrics for its API backend {@code app}, from its exporter on the ops
     * port: the sum of its samples that carry every one of {@code labels} (as {@code name="value"}).
     */
    private static double proxyMetric(ServicePod service, String name, String... labels)
            throws IOException, InterruptedException {
        String metrics =
                send(HttpRequest.newBuilder(service.opsUri("/proxy/metrics"))).body();
        return Scrape.samples(metrics).entrySet().stream()
                .filter(sample -> sample.getKey().startsWith(name + "{")
                        && sample.getKey().contains("proxy=\"app\""))
                .filter(sample -> List.of(labels).stream().allMatch(sample.getKey()::contains))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** The 5xx the proxy made itself for its backend, as LedgerProxyTurningAway counts them. */
    private static double proxysOwn5xx(ServicePod service) throws IOException, InterruptedException {
        return proxyMetric(service, "haproxy_backend_http_responses_total", "code=\"5xx\"")
                - proxyMetric(service, "haproxy_server_http_responses_total", "code=\"5xx\"");
    }

    // --- helpers ---

    private static HttpRequest.Builder get(ServicePod service, String path, String client) {
        return service.request(path).header("X-Client-Id", client);
    }

    private static HttpRequest.Builder post(ServicePod service, String path, String client, String json) {
        return service.request(path)
                .header("X-Client-Id", client)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder preflight(ServicePod service, String origin) {
        return service.request("/accounts")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", noBody());
    }

    private static HttpRequest.BodyPublisher noBody() {
        return HttpRequest.BodyPublishers.noBody();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return ServicePod.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return ServicePod.HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> sendBytes(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return ServicePod.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", header(response, "Content-Type"));
        JsonNode problem = ServicePod.JSON.readTree(response.body());
        assertTrue(problem.path("type").asText().endsWith("/" + type), response.body());
        assertEquals(status, problem.path("status").asInt());
    }

    /**
     * The count once it has reached {@code expected}: the service records a request's timer as the
     * response leaves, so the client can hold the answer before the count moves. A count that
     * never gets there fails the wait; one that passes it shows in the caller's assertion.
     */
    private static long apiRequestsServedAtLeast(ServicePod service, long expected) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> apiRequestsServed(service), served -> served >= expected);
    }

    /**
     * How many API requests the service itself has answered, from its own metrics on the ops port
     * (http_server_requests_seconds_count, without its /q and /admin routes).
     */
    private static long apiRequestsServed(ServicePod service) throws IOException, InterruptedException {
        String metrics =
                send(HttpRequest.newBuilder(service.opsUri("/q/metrics"))).body();
        return Math.round(Scrape.samples(metrics).entrySet().stream()
                .filter(sample -> sample.getKey().startsWith("http_server_requests_seconds_count{"))
                .filter(sample -> !sample.getKey().contains("uri=\"/q/")
                        && !sample.getKey().contains("uri=\"/admin/"))
                .mapToDouble(Map.Entry::getValue)
                .sum());
    }

    /** openssl s_client's account of a handshake with the service's HTTPS port, offering only {@code options}. */
    private static String handshake(ServicePod service, String... options) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + service.ports().https(),
                "-brief"));
        command.addAll(List.of(options));
        Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
        openssl.getOutputStream().close();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS), "openssl s_client did not finish");
        return output;
    }

    private static SSLContext trusting(java.nio.file.Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry(
                    "proxy", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
