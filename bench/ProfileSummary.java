import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples went: for each layer of the stack (by package), the share of
 * samples with at least one frame of it (a sample counts for every layer it passes through, so the
 * shares add up to more than 100 %), then the methods that were on top of the stack most often.
 * Run: java bench/ProfileSummary.java <recording.jfr> [top methods, 15]
 */
public class ProfileSummary {

    /** Layers by package prefix, in the order printed. */
    private static final Map<String, List<String>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("ledger code", List.of("dev.ledger."));
        LAYERS.put("Hibernate Reactive / ORM", List.of("org.hibernate.reactive.", "org.hibernate.engine.", "org.hibernate.internal.",
                "org.hibernate.event.", "org.hibernate.persister.", "org.hibernate.sql.", "org.hibernate.query.", "org.hibernate.loader."));
        LAYERS.put("Vert.x PostgreSQL client", List.of("io.vertx.pgclient.", "io.vertx.sqlclient."));
        LAYERS.put("JWT check (signature, parsing)", List.of("io.smallrye.jwt.", "org.jose4j.", "io.quarkus.smallrye.jwt."));
        LAYERS.put("REST layer (Quarkus REST)", List.of("org.jboss.resteasy.reactive.", "io.quarkus.resteasy.reactive."));
        LAYERS.put("Jackson", List.of("com.fasterxml.jackson."));
        LAYERS.put("Bean Validation", List.of("org.hibernate.validator."));
        LAYERS.put("Kafka client / messaging", List.of("org.apache.kafka.", "io.smallrye.reactive.messaging."));
        LAYERS.put("context propagation", List.of("io.smallrye.context.", "io.quarkus.arc.runtime.context."));
        LAYERS.put("Micrometer / Prometheus", List.of("io.micrometer.", "io.prometheus."));
        LAYERS.put("OpenTelemetry", List.of("io.opentelemetry.", "io.quarkus.opentelemetry."));
        LAYERS.put("Netty / Vert.x core", List.of("io.netty.", "io.vertx.core."));
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> layers = new LinkedHashMap<>();
        Map<String, Integer> methods = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            methods.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                LAYERS.forEach((layer, prefixes) -> {
                    if (prefixes.stream().anyMatch(type::startsWith)) {
                        seen.add(layer);
                    }
                });
            }
            seen.forEach(layer -> layers.merge(layer, 1, Integer::sum));
        }
        System.out.printf("%d CPU samples%n%nlayer (samples passing through it)        share%n", samples);
        for (String layer : LAYERS.keySet()) {
            System.out.printf("%-42s %5.1f %%%n", layer, 100.0 * layers.getOrDefault(layer, 0) / samples);
        }
        System.out.printf("%ntop of stack                                                        share%n");
        int total = samples;
        methods.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(method -> System.out.printf("%-66s %5.1f %%%n", method.getKey(), 100.0 * method.getValue() / total));
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}
