package dev.ledger.k8s.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A Canary's analysis as Flagger applies it to one check: each metric's MetricTemplate query
 * against its {@code thresholdRange}. A check passes when every query has a value within its
 * range; an empty result fails it, as Flagger counts "no values found" as a failed check.
 */
record CanaryAnalysis(List<Metric> metrics) {

    /** One of the Canary's metrics: its template and the range a value must lie in. */
    record Metric(String name, String template, OptionalDouble min, OptionalDouble max) {

        boolean passes(Optional<Double> value) {
            return value.isPresent()
                    && !value.get().isNaN()
                    && (min.isEmpty() || value.get() >= min.getAsDouble())
                    && (max.isEmpty() || value.get() <= max.getAsDouble());
        }
    }

    enum Verdict {
        PROMOTE,
        ROLL_BACK
    }

    static CanaryAnalysis of(ObjectNode canary) {
        List<Metric> metrics = new ArrayList<>();
        for (JsonNode metric : canary.path("spec").path("analysis").path("metrics")) {
            JsonNode range = metric.path("thresholdRange");
            metrics.add(new Metric(
                    metric.path("name").asText(),
                    metric.path("templateRef").path("name").asText(),
                    range.has("min") ? OptionalDouble.of(range.path("min").asDouble()) : OptionalDouble.empty(),
                    range.has("max") ? OptionalDouble.of(range.path("max").asDouble()) : OptionalDouble.empty()));
        }
        if (metrics.isEmpty()) {
            throw new AssertionError("the Canary has no metrics: " + canary);
        }
        return new CanaryAnalysis(List.copyOf(metrics));
    }

    /** The verdict of one check, given each metric's value by metric name. */
    Verdict verdict(Map<String, Optional<Double>> values) {
        return metrics.stream().allMatch(metric -> metric.passes(values.get(metric.name())))
                ? Verdict.PROMOTE
                : Verdict.ROLL_BACK;
    }
}
