package dev.ledger.k8s.observability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.contracts.CloudEventAttributes;
import dev.ledger.contracts.Topics;
import dev.ledger.devstack.CollectedSpan;
import dev.ledger.devstack.Commands;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.StackSettings;
import dev.ledger.devstack.TopicReader;
import dev.ledger.devstack.TraceCollector;
import dev.ledger.k8s.Closing;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One transfer, followed across both services: command-service and query-service run as their
 * packaged jars with tracing on, exporting over OTLP to a {@link TraceCollector}. The transfer's
 * trace must hold, parent to child, the HTTP request, its database statements, the relay's Kafka
 * send of each of the two events, the query side's receive of each, and the projection's apply of
 * each with its own statements.
 */
class TraceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Sent in the transfer's body: no log line may repeat it. */
    private static final String REFERENCE = "trace-it-" + UUID.randomUUID();
    /** The services' database password: no log line may show it. */
    private static final String SECRET = "secret-" + UUID.randomUUID();

    private static LocalStack stack;
    private static TraceCollector collector;
    private static ServiceProcess command;
    private static ServiceProcess query;

    @BeforeAll
    static void start() throws Exception {
        Path target = Files.createDirectories(Path.of("target"));
        stack = LocalStack.start(StackSettings.forTests(Files.createTempDirectory(target, "trace-devstack-")));
        collector = TraceCollector.start(0);
        Path repository = Path.of(System.getProperty("ledger.repository", ".."));
        Map<String, String> traced = new HashMap<>(collector.exporterSettings());
        // the projection's line per applied event, to find the trace id in the logs
        traced.put("quarkus.log.category.\"dev.ledger\".level", "DEBUG");
        // trust authentication (devstack): the password is checked nowhere, but the services hold it as a secret
        traced.put("%prod.quarkus.datasource.password", SECRET);
        command = ServiceProcess.start(repository.resolve("command-service"), "command", stack, traced);
        query = ServiceProcess.start(repository.resolve("query-service"), "query", stack, traced);
    }

    @AfterAll
    static void stop() {
        Closing.all("trace test", query, command, collector, stack);
    }

    @Test
    void shouldFollowATransferFromTheRequestThroughKafkaToBothProjections() throws Exception {
        String alice = open("alice");
        String bob = open("bob");
        Commands.post(command, "/accounts/" + alice + "/deposits", "{\"amount\":500}", 200);
        JsonNode transfer = Commands.post(
                command,
                "/transfers",
                "{\"from\":\"" + alice + "\",\"to\":\"" + bob + "\",\"amount\":200,\"reference\":\"" + REFERENCE
                        + "\"}",
                201);

        CollectedSpan request = await().atMost(Duration.ofSeconds(30))
                .until(() -> serverSpan("POST /transfers"), Optional::isPresent)
                .orElseThrow();
        List<CollectedSpan> trace = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> collector.trace(request.traceId()),
                        spans -> named(spans, "apply ").size() == 2);
        String tree = TraceCollector.tree(trace);
        System.out.println("trace " + request.traceId() + ":\n" + tree);

        assertTrue(request.isRoot(), tree);
        assertEquals("ledger-command", request.service());
        List<CollectedSpan> statements = childrenOf(trace, request, "CLIENT");
        assertTrue(
                statements.stream().anyMatch(statement -> statement.name().equals("INSERT outbox_event")),
                "the statements of the request's transaction, the outbox rows among them:\n" + tree);

        List<CollectedSpan> sends = spansOf(trace, "ledger-command", "PRODUCER");
        List<CollectedSpan> receives = spansOf(trace, "ledger-query", "CONSUMER");
        List<CollectedSpan> applies = named(trace, "apply ");
        assertEquals(2, sends.size(), "one Kafka send per event:\n" + tree);
        assertEquals(2, receives.size(), "one receive per event:\n" + tree);
        for (CollectedSpan send : sends) {
            assertEquals(request.spanId(), send.parentSpanId(), "the relay's send continues the request:\n" + tree);
            assertTrue(send.startNanos() >= lastEnd(statements), "sent after the transaction:\n" + tree);
        }
        Set<String> events = new HashSet<>();
        for (CollectedSpan apply : applies) {
            CollectedSpan receive = parentOf(trace, apply);
            assertEquals("CONSUMER", receive.kind(), "apply under the receive:\n" + tree);
            CollectedSpan send = parentOf(trace, receive);
            assertEquals("PRODUCER", send.kind(), "the receive under the send, across Kafka:\n" + tree);
            assertEquals("ledger-query", apply.service());
            // a poll's events are applied by one statement, under the span of its first event
            CollectedSpan appliedUnder = apply.linkedSpanIds().isEmpty() ? apply : linked(trace, apply);
            assertFalse(
                    childrenOf(trace, appliedUnder, "CLIENT").isEmpty(),
                    "the projection's statements under its apply span, or under the one it links:\n" + tree);
            assertTrue(apply.startNanos() >= receive.startNanos() && receive.startNanos() >= send.startNanos(), tree);
            events.add(apply.attributes().get("ledger.account.id") + "@"
                    + apply.attributes().get("ledger.event.version"));
        }
        assertEquals(
                Set.of(
                        alice + "@" + transfer.at("/from/version").asText(),
                        bob + "@" + transfer.at("/to/version").asText()),
                events,
                "the apply spans are the transfer's two events");

        List<String> orphans = collector.spans().stream()
                .filter(span -> span.isRoot() && span.kind().equals("CLIENT"))
                .map(span -> span.service() + " " + span.name())
                .toList();
        assertEquals(List.of(), orphans, "statements outside any request or record start no trace");

        assertCloudEventsCarryTheRequestsTraceContext(request);
        assertLogsCarryTheTraceIdButNoBody(request.traceId());
    }

    /** The CloudEvents distributed-tracing extension names the request's span on both events' records. */
    private static void assertCloudEventsCarryTheRequestsTraceContext(CollectedSpan request) {
        try (TopicReader reader =
                new TopicReader(stack.environment().get("KAFKA_BOOTSTRAP_SERVERS"), Topics.ACCOUNT_EVENTS)) {
            List<ConsumerRecord<String, String>> ofTheTransfer = reader
                    .awaitRecords(
                            records -> records.stream()
                                            .filter(TraceIT::isOfTheTransfer)
                                            .count()
                                    == 2,
                            Duration.ofSeconds(10))
                    .stream()
                    .filter(TraceIT::isOfTheTransfer)
                    .toList();
            for (ConsumerRecord<String, String> record : ofTheTransfer) {
                String traceParent = TopicReader.header(
                        record, CloudEventAttributes.HEADER_PREFIX + CloudEventAttributes.TRACEPARENT_EXTENSION);
                assertEquals("00-" + request.traceId() + "-" + request.spanId() + "-01", traceParent);
                String kafkaTraceParent = TopicReader.header(record, "traceparent");
                assertTrue(
                        kafkaTraceParent != null && kafkaTraceParent.contains(request.traceId()),
                        "W3C traceparent header of the Kafka send: " + kafkaTraceParent);
            }
        }
    }

    private static boolean isOfTheTransfer(ConsumerRecord<String, String> record) {
        return record.value().contains(REFERENCE);
    }

    /** Logs are JSON lines in prod: the projection's line carries the trace id, and no line the request body. */
    private static void assertLogsCarryTheTraceIdButNoBody(String traceId) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(command.log()));
        lines.addAll(Files.readAllLines(query.log()));
        boolean traced = false;
        for (String line : lines) {
            assertFalse(line.contains(REFERENCE), "a log line repeats the request body: " + line);
            assertFalse(line.contains(SECRET), "a log line holds a secret: " + line);
            if (line.startsWith("{")) {
                traced |= traceId.equals(JSON.readTree(line).at("/mdc/traceId").asText());
            }
        }
        assertTrue(traced, "no log line with trace id " + traceId + " in the services' logs");
    }

    private static Optional<CollectedSpan> serverSpan(String name) {
        return collector.spans().stream()
                .filter(span -> span.kind().equals("SERVER") && span.name().equals(name))
                .findFirst();
    }

    private static List<CollectedSpan> spansOf(List<CollectedSpan> trace, String service, String kind) {
        return trace.stream()
                .filter(span -> span.service().equals(service) && span.kind().equals(kind))
                .toList();
    }

    private static List<CollectedSpan> named(List<CollectedSpan> trace, String prefix) {
        return trace.stream().filter(span -> span.name().startsWith(prefix)).toList();
    }

    private static List<CollectedSpan> childrenOf(List<CollectedSpan> trace, CollectedSpan parent, String kind) {
        return trace.stream()
                .filter(span -> span.parentSpanId().equals(parent.spanId())
                        && span.kind().equals(kind))
                .toList();
    }

    private static CollectedSpan parentOf(List<CollectedSpan> trace, CollectedSpan child) {
        return trace.stream()
                .filter(span -> span.spanId().equals(child.parentSpanId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "the parent of " + child + " is not in the trace:\n" + TraceCollector.tree(trace)));
    }

    /** The transfer's two events may come in one poll: the second's span links to the first's, in the same trace. */
    private static CollectedSpan linked(List<CollectedSpan> trace, CollectedSpan apply) {
        return trace.stream()
                .filter(span -> apply.linkedSpanIds().contains(span.spanId())
                        && span.name().startsWith("apply "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "the apply span " + apply + " links to none in the trace:\n" + TraceCollector.tree(trace)));
    }

    private static long lastEnd(List<CollectedSpan> spans) {
        return spans.stream().mapToLong(CollectedSpan::endNanos).max().orElseThrow();
    }

    private static String open(String owner) throws Exception {
        return Commands.post(command, "/accounts", "{\"owner\":\"" + owner + "\",\"currency\":\"EUR\"}", 201)
                .get("id")
                .asText();
    }
}
