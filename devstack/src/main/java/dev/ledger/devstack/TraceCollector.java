package dev.ledger.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry trace receiver for this machine, where no Jaeger or Tempo runs: it takes what
 * the services export over OTLP/HTTP ({@code POST /v1/traces}, protobuf), keeps the spans in memory
 * and shows each trace as an indented tree ({@code GET /traces/<trace id>}; {@code GET /traces}
 * lists the traces by their root span). Tests that follow a command across processes read it, and
 * {@code bin/dev} starts one for the services it runs.
 */
public final class TraceCollector implements AutoCloseable {

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final List<CollectedSpan> spans = new CopyOnWriteArrayList<>();

    private TraceCollector(int port) {
        server = LoopbackHttp.serve(port, "traces", Map.of("/v1/traces", this::receive, "/traces", this::show));
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static TraceCollector start(int port) {
        return new TraceCollector(port);
    }

    /** What an OTLP exporter is pointed at (Quarkus appends {@code /v1/traces}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The environment that turns a service's or job's tracing on and sends it here, in batches at
     * most 100 ms apart.
     */
    public Map<String, String> exporterEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        exporterSettings()
                .forEach((name, value) -> environment.put(name.toUpperCase().replace('.', '_'), value));
        return environment;
    }

    /** The same as Quarkus settings, for {@code -D} options. */
    public Map<String, String> exporterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.otel.sdk.disabled", "false");
        settings.put("quarkus.otel.exporter.otlp.endpoint", endpoint());
        settings.put("quarkus.otel.bsp.schedule.delay", "100ms");
        return settings;
    }

    /** Every span received so far, in the order received. */
    public List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<CollectedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /**
     * A trace as text: each span under its parent, siblings by start time, with its service, its
     * start after the trace's first span and its duration.
     */
    public static String tree(List<CollectedSpan> trace) {
        StringBuilder text = new StringBuilder();
        List<CollectedSpan> byStart = trace.stream()
                .sorted(Comparator.comparingLong(CollectedSpan::startNanos))
                .toList();
        List<String> ids = byStart.stream().map(CollectedSpan::spanId).toList();
        if (byStart.isEmpty()) {
            return "";
        }
        long origin = byStart.get(0).startNanos();
        for (CollectedSpan span : byStart) {
            // a span whose parent was not received (yet) is shown at the top
            if (span.isRoot() || !ids.contains(span.parentSpanId())) {
                appendTree(text, span, byStart, origin, 0);
            }
        }
        return text.toString();
    }

    private static void appendTree(
            StringBuilder text, CollectedSpan span, List<CollectedSpan> byStart, long origin, int depth) {
        text.append("  ".repeat(depth))
                .append(String.format(
                        "%s [%s, %s] at %.1f ms for %.1f ms%s%n",
                        span.name(),
                        span.service(),
                        span.kind(),
                        (span.startNanos() - origin) / 1e6,
                        span.duration().toNanos() / 1e6,
                        span.error() ? " ERROR" : ""));
        for (CollectedSpan child : byStart) {
            if (child.parentSpanId().equals(span.spanId())) {
                appendTree(text, child, byStart, origin, depth + 1);
            }
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = decoded(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (IOException e) {
                respond(exchange, 400, "text/plain", ("not an OTLP trace export: " + e.getMessage()).getBytes());
                return;
            }
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                String service = serviceName(resourceSpans.getResource());
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        spans.add(collected(service, span));
                    }
                }
            }
            respond(
                    exchange,
                    200,
                    "application/x-protobuf",
                    ExportTraceServiceResponse.getDefaultInstance().toByteArray());
        }
    }

    private void show(HttpExchange exchange) throws IOException {
        try (exchange) {
            String traceId = exchange.getRequestURI().getPath().replaceFirst("^/traces/?", "");
            String text;
            if (traceId.isEmpty()) {
                StringBuilder list = new StringBuilder();
                spans.stream()
                        .filter(CollectedSpan::isRoot)
                        .forEach(root -> list.append(root.traceId())
                                .append("  ")
                                .append(root.name())
                                .append(" [")
                                .append(root.service())
                                .append("]\n"));
                text = list.toString();
            } else {
                List<CollectedSpan> trace = trace(traceId);
                if (trace.isEmpty()) {
                    respond(exchange, 404, "text/plain", ("no trace " + traceId + "\n").getBytes());
                    return;
                }
                text = tree(trace);
            }
            respond(exchange, 200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static InputStream decoded(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(body)
                : body;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static CollectedSpan collected(String service, Span span) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            attributes.put(attribute.getKey(), text(attribute.getValue()));
        }
        return new CollectedSpan(
                service,
                HEX.formatHex(span.getTraceId().toByteArray()),
                HEX.formatHex(span.getSpanId().toByteArray()),
                HEX.formatHex(span.getParentSpanId().toByteArray()),
                span.getName(),
                span.getKind().name().replaceFirst("^SPAN_KIND_", ""),
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(),
                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                attributes,
                span.getLinksList().stream()
                        .map(link -> HEX.formatHex(link.getSpanId().toByteArray()))
                        .toList());
    }

    private static String serviceName(Resource resource) {
        return resource.getAttributesList().stream()
                .filter(attribute -> attribute.getKey().equals("service.name"))
                .map(attribute -> text(attribute.getValue()))
                .findFirst()
                .orElse("unknown");
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(TraceCollector::text)
                        .toList()
                        .toString();
            default -> value.toString().strip();
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
