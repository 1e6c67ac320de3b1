package dev.ledger.query.account;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.Callers;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TestCurrencies;
import dev.ledger.query.projection.Events;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The packaged query-service under arbitrary queries: any id, owner, page size and cursor, with
 * arbitrary {@code X-Min-Version} and {@code Prefer} headers. Whatever comes in, the answer is below
 * 500, except the documented {@code 503 not-yet-visible} for a version the read model has not
 * reached (a "send it again", with {@code Retry-After}), and a refusal is problem+json. A longer run: {@code -Djqwik.tries.default=20000} (see
 * junit-platform.properties).
 */
class QueryFuzzIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<Integer, Integer> STATUSES = new TreeMap<>();
    private static int notYetVisible;
    private static ServiceProcess service;
    private static String account;

    /** A query's path and query string, and the two headers a read takes. */
    record Fuzzed(String target, Optional<String> minVersion, Optional<String> prefer) {}

    @BeforeContainer
    static void start() throws Exception {
        LocalStack stack = SharedStack.get();
        service = ServiceProcess.start(Path.of("."), LocalStack.QUERY_DATABASE, stack, Map.of());
        Events events = Events.forAccount(TestCurrencies.next());
        try (EventPublisher publisher = new EventPublisher(stack.kafka().bootstrapServers())) {
            publisher.publish(events.opened("fuzz"), events.deposited(100));
        }
        account = events.id().toString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> send(new Fuzzed("/accounts/" + account, Optional.empty(), Optional.empty()))
                                .statusCode()
                        == 200);
    }

    @AfterContainer
    static void stop() {
        int total = STATUSES.values().stream().mapToInt(Integer::intValue).sum();
        int errors = STATUSES.entrySet().stream()
                .filter(entry -> entry.getKey() >= 500)
                .mapToInt(Map.Entry::getValue)
                .sum();
        System.out.printf(
                "query fuzz: %d requests tried, answers by status %s, 5xx: %d (%d of them 503 not-yet-visible)%n",
                total, STATUSES, errors, notYetVisible);
        if (service != null) {
            service.close();
        }
    }

    @Property
    void shouldAnswerBelow500(@ForAll("queries") Fuzzed query) throws Exception {
        HttpResponse<String> answer = send(query);
        STATUSES.merge(answer.statusCode(), 1, Integer::sum);
        if (notYetVisible(answer)) {
            notYetVisible++;
        }
        assertTrue(
                answer.statusCode() < 500 || notYetVisible(answer),
                () -> query + " got " + answer.statusCode() + ": " + answer.body());
        if (answer.statusCode() >= 400) {
            assertEquals(
                    Optional.of("application/problem+json"),
                    answer.headers().firstValue("Content-Type"),
                    () -> query + " got a refusal that is not a problem: " + answer.body());
        }
    }

    private static boolean notYetVisible(HttpResponse<String> answer) {
        return answer.statusCode() == 503
                && answer.body().contains("/not-yet-visible\"")
                && answer.headers().firstValue("Retry-After").isPresent();
    }

    @Provide
    Arbitrary<Fuzzed> queries() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.create(() -> account),
                Arbitraries.create(() -> UUID.randomUUID().toString()),
                anyText().map(QueryFuzzIT::encoded));
        Arbitrary<String> target = Arbitraries.oneOf(
                id.map(any -> "/accounts/" + any),
                Combinators.combine(id, anyText(), anyText())
                        .as((any, limit, after) -> "/accounts/" + any + "/transactions?limit=" + encoded(limit)
                                + "&after=" + encoded(after)),
                anyText().map(owner -> "/accounts?owner=" + encoded(owner)),
                Arbitraries.just("/ledger/totals"));
        // A version the account has not reached holds the request up to 2 s: such versions are rare,
        // and waits short, so the run stays bounded.
        Arbitrary<Optional<String>> minVersion = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(Optional.empty())),
                Tuple.of(2, Arbitraries.of("-1", "0", "1", "2").map(Optional::of)),
                Tuple.of(4, headerValue().map(Optional::of)));
        Arbitrary<Optional<String>> prefer = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Optional.empty())),
                Tuple.of(
                        5,
                        Arbitraries.of("wait=0", "wait=1", "respond-async, wait=0")
                                .map(Optional::of)),
                Tuple.of(3, headerValue().map(Optional::of)));
        return Combinators.combine(target, minVersion, prefer).as(Fuzzed::new);
    }

    private static Arbitrary<String> anyText() {
        return Arbitraries.strings().ofMaxLength(60);
    }

    /** What an HTTP client can put in a header: visible ASCII, spaces and tabs. */
    private static Arbitrary<String> headerValue() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\t').ofMaxLength(100);
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(Fuzzed query) throws Exception {
        HttpRequest.Builder builder = Callers.adminRequest(
                URI.create(service.uri("/") + query.target().substring(1)));
        query.minVersion().ifPresent(version -> builder.header("X-Min-Version", version));
        query.prefer().ifPresent(value -> builder.header("Prefer", value));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
