package dev.ledger.command.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.SharedStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
 * The packaged command-service under arbitrary requests: arbitrary bytes, and mutations of valid
 * commands (a field removed, replaced by any JSON value, repeated or added; the text cut short),
 * with arbitrary {@code Idempotency-Key} and {@code If-Match} headers, on every command endpoint,
 * for accounts that exist and ones that do not. Whatever comes in, the answer is below 500, a
 * refusal is problem+json, and a refusal changes nothing in the ledger (accounts, their versions,
 * transfers, the outbox). A refusal with an Idempotency-Key is remembered for its replay, by design.
 * A longer run: {@code ./mvnw verify -pl command-service -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=CommandFuzzIT -Djqwik.tries.default=20000}.
 */
class CommandFuzzIT {

    /** Writes every non-ASCII character as a \\u escape, so a lone surrogate reaches the service as one. */
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<Integer, Integer> STATUSES = new TreeMap<>();
    private static ServiceProcess service;
    private static List<String> accounts;

    /** What a client sent: the command's path, its body and the two headers a command reads. */
    record Fuzzed(String path, String body, Optional<String> idempotencyKey, Optional<String> ifMatch) {}

    @BeforeContainer
    static void start() throws Exception {
        service = ServiceProcess.start(Path.of("."), LocalStack.COMMAND_DATABASE, SharedStack.get(), Map.of());
        accounts = new ArrayList<>();
        for (String currency : List.of("EUR", "EUR", "USD")) {
            HttpResponse<String> opened = send(new Fuzzed(
                    "/accounts",
                    "{\"owner\":\"fuzz\",\"currency\":\"" + currency + "\"}",
                    Optional.empty(),
                    Optional.empty()));
            String id = JSON.readTree(opened.body()).path("id").asText();
            send(new Fuzzed(
                    "/accounts/" + id + "/deposits", "{\"amount\":100000}", Optional.empty(), Optional.empty()));
            accounts.add(id);
        }
    }

    @AfterContainer
    static void stop() {
        int total = STATUSES.values().stream().mapToInt(Integer::intValue).sum();
        long errors = STATUSES.entrySet().stream()
                .filter(entry -> entry.getKey() >= 500)
                .mapToInt(Map.Entry::getValue)
                .sum();
        System.out.printf("command fuzz: %d requests tried, answers by status %s, 5xx: %d%n", total, STATUSES, errors);
        if (service != null) {
            service.close();
        }
    }

    /** As many tries as {@code jqwik.tries.default} says: 400 in the build (junit-platform.properties). */
    @Property
    void shouldAnswerBelow500AndWriteNothingOnARefusal(@ForAll("requests") Fuzzed request) throws Exception {
        List<Long> before = ledgerState();
        HttpResponse<String> answer = send(request);
        STATUSES.merge(answer.statusCode(), 1, Integer::sum);
        assertTrue(answer.statusCode() < 500, () -> request + " got " + answer.statusCode() + ": " + answer.body());
        if (answer.statusCode() >= 400) {
            assertEquals(
                    Optional.of("application/problem+json"),
                    answer.headers().firstValue("Content-Type"),
                    () -> request + " got a refusal that is not a problem: " + answer.body());
            assertEquals(before, ledgerState(), () -> request + " was refused (" + answer.body() + ") but wrote");
        }
    }

    @Provide
    Arbitrary<Fuzzed> requests() {
        Arbitrary<String> account = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(accounts)),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(40).map(any -> URLEncoder.encode(any, UTF_8))));
        Arbitrary<Tuple.Tuple2<String, ObjectNode>> command = Combinators.combine(
                        account, Arbitraries.of(accounts), Arbitraries.longs().between(-5, 200_000))
                .flatAs((id, other, amount) -> Arbitraries.of(
                        Tuple.of("/accounts", object().put("owner", "fuzz").put("currency", "EUR")),
                        Tuple.of(
                                "/accounts/" + id + "/deposits",
                                object().put("amount", amount).put("reference", "r")),
                        Tuple.of(
                                "/accounts/" + id + "/withdrawals",
                                object().put("amount", amount).put("reference", "r")),
                        Tuple.of("/accounts/" + id + "/closure", object()),
                        Tuple.of(
                                "/transfers",
                                object().put("from", id)
                                        .put("to", other)
                                        .put("amount", amount)
                                        .put("reference", "r"))));
        Arbitrary<Tuple.Tuple2<String, String>> pathAndBody = command.flatMap(valid -> Arbitraries.frequencyOf(
                        Tuple.of(1, Arbitraries.just(json(valid.get2()))),
                        Tuple.of(4, hostileText(valid.get2())),
                        Tuple.of(6, mutations(valid.get2())),
                        Tuple.of(1, arbitraryText()))
                .map(body -> Tuple.of(valid.get1(), body)));
        Arbitrary<Optional<String>> idempotencyKey = Arbitraries.oneOf(
                Arbitraries.just(Optional.empty()),
                Arbitraries.create(() -> Optional.of(UUID.randomUUID().toString())),
                headerValue().map(Optional::of));
        Arbitrary<Optional<String>> ifMatch = Arbitraries.oneOf(
                Arbitraries.just(Optional.empty()),
                Arbitraries.integers().between(-1, 5).map(version -> Optional.of("\"" + version + "\"")),
                headerValue().map(Optional::of));
        return Combinators.combine(pathAndBody, idempotencyKey, ifMatch)
                .as((target, key, match) -> new Fuzzed(target.get1(), target.get2(), key, match));
    }

    /**
     * A valid command with one of its text fields (owner, currency, reference) replaced by text a
     * person did not type: the inputs most likely to reach the database. Each mutation works on
     * its own copy: jqwik reuses generated values when it shrinks.
     */
    private static Arbitrary<String> hostileText(ObjectNode valid) {
        List<String> textFields = new ArrayList<>();
        valid.properties().forEach(field -> {
            if (field.getValue().isTextual()
                    && !field.getKey().equals("from")
                    && !field.getKey().equals("to")) {
                textFields.add(field.getKey());
            }
        });
        if (textFields.isEmpty()) {
            textFields.add("reference");
        }
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "\u0000", "a\u0000b", "\u202eevil", "\u200b", "\ud800", "\udc00x", "line\nbreak")),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(150)));
        return Combinators.combine(Arbitraries.of(textFields), text)
                .as((name, value) -> json(valid.deepCopy().put(name, value)));
    }

    /** Each mutation works on its own copy: jqwik reuses generated values when it shrinks. */
    private static Arbitrary<String> mutations(ObjectNode valid) {
        List<String> own = new ArrayList<>();
        valid.fieldNames().forEachRemaining(own::add);
        Arbitrary<String> field = Arbitraries.frequencyOf(
                Tuple.of(3, own.isEmpty() ? Arbitraries.just("amount") : Arbitraries.of(own)),
                Tuple.of(1, Arbitraries.of("owner", "currency", "amount", "reference", "from", "to", "other")));
        String text = json(valid);
        return Arbitraries.oneOf(
                Combinators.combine(field, anyJsonValue())
                        .as((name, value) -> json(valid.deepCopy().set(name, value))),
                field.map(name -> json(valid.deepCopy().without(name))),
                Combinators.combine(field, anyJsonValue())
                        .as((name, value) -> "{\"" + name + "\":" + json(value) + "," + text.substring(1)),
                Arbitraries.integers().between(0, text.length()).map(at -> text.substring(0, at)));
    }

    private static Arbitrary<JsonNode> anyJsonValue() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.just(nodes.nullNode()),
                Arbitraries.of(true, false).map(nodes::booleanNode),
                Arbitraries.longs().map(nodes::numberNode),
                Arbitraries.bigDecimals().map(nodes::numberNode),
                Arbitraries.strings().ofMaxLength(200).map(nodes::textNode),
                Arbitraries.of("\u0000", "\u202e", "\ud800", "x".repeat(300), "EUR", "XXX", "", " ")
                        .map(nodes::textNode),
                Arbitraries.just(nodes.arrayNode().add(1)),
                Arbitraries.just(nodes.objectNode().put("nested", 1)));
    }

    private static Arbitrary<String> arbitraryText() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> new String(b, UTF_8));
    }

    /** What an HTTP client can put in a header: visible ASCII, spaces and tabs. */
    private static Arbitrary<String> headerValue() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\t').ofMaxLength(250);
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static HttpResponse<String> send(Fuzzed request) throws Exception {
        HttpRequest.Builder builder = Callers.adminRequest(
                        URI.create(service.uri("/") + request.path().substring(1)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body()));
        request.idempotencyKey().ifPresent(key -> builder.header("Idempotency-Key", key));
        request.ifMatch().ifPresent(match -> builder.header("If-Match", match));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Rows of the ledger's own tables and the sum of the accounts' versions. */
    private static List<Long> ledgerState() throws Exception {
        try (Connection db = SharedStack.get().postgres().connect(LocalStack.COMMAND_DATABASE);
                Statement statement = db.createStatement();
                ResultSet state = statement.executeQuery("SELECT (SELECT count(*) FROM account),"
                        + " (SELECT coalesce(sum(version), 0) FROM account), (SELECT count(*) FROM transfer),"
                        + " (SELECT count(*) FROM outbox_event)")) {
            state.next();
            return List.of(state.getLong(1), state.getLong(2), state.getLong(3), state.getLong(4));
        }
    }
}
