package dev.ledger.devstack;

import java.util.OptionalDouble;

/**
 * Reads a sample from a service's {@code /q/metrics}. With tracing in the service, Micrometer adds
 * exemplars after a counter's or a bucket's value ({@code 52.0 # {span_id="...",trace_id="..."} 1.0
 * 1795639088.459}): the value is the first word after the series.
 */
public final class Scrape {

    private Scrape() {}

    /** The value of {@code series}, its name and labels exactly as printed; empty when it is not there. */
    public static OptionalDouble value(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(
                        line.substring(series.length() + 1).strip().split(" ", 2)[0]))
                .findFirst();
    }
}
