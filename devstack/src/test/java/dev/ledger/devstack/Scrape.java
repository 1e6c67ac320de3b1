package dev.ledger.devstack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads the samples of a service's {@code /q/metrics}. With tracing in the service, Micrometer adds
 * exemplars after a counter's or a bucket's value ({@code 52.0 # {span_id="...",trace_id="..."} 1.0
 * 1795639088.459}): a sample's value is the first word after its series.
 */
public final class Scrape {

    private Scrape() {}

    /** Every sample: its series (name and labels exactly as printed) and its value, in the order printed. */
    public static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : scrape.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // label values may hold spaces: the series ends after its labels, if it has any
            int space = line.indexOf(' ');
            int brace = line.indexOf('{');
            int end = brace >= 0 && brace < space ? line.indexOf("} ") + 1 : space;
            String value = line.substring(end).strip().split(" ", 2)[0];
            samples.put(line.substring(0, end), Double.parseDouble(value));
        }
        return samples;
    }

    /** The value of {@code series}, its name and labels exactly as printed; empty when it is not there. */
    public static OptionalDouble value(String scrape, String series) {
        Double value = samples(scrape).get(series);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
