package dev.ledger.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus naming conventions (prometheus.io/docs/practices/naming), checked on a service's
 * {@code /q/metrics} for the metrics whose names start with a prefix: snake case, only a counter
 * ends in {@code _total}, base units only, a time is in seconds and says so, a histogram's name ends
 * in its unit. Both exposition formats: a counter's family is {@code x_total} in the text format and
 * {@code x} in OpenMetrics (its samples are {@code x_total} there), so {@code _total} is taken off a
 * counter's name before the other rules.
 */
public final class MetricNames {

    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** Words that name a time: such a metric is in seconds. */
    private static final Pattern TIME = Pattern.compile("_(latency|duration|age|lag|time|delay|wait)(_|$)");

    private static final Pattern OTHER_UNIT = Pattern.compile(
            "_(ms|millis|milliseconds|micros|microseconds|nanos|nanoseconds|minutes|hours|days|kb|mb|percent)(_|$)");

    private MetricNames() {}

    /** What breaks the conventions among the metrics named {@code prefix...}; empty when none does. */
    public static List<String> problems(String scrape, String prefix) {
        List<String> problems = new ArrayList<>();
        for (String line : scrape.lines().toList()) {
            Matcher type = TYPE.matcher(line);
            if (!type.matches() || !type.group(1).startsWith(prefix)) {
                continue;
            }
            String name = type.group(1);
            String kind = type.group(2);
            if (!SNAKE_CASE.matcher(name).matches()) {
                problems.add(name + ": not snake case");
            }
            if (!kind.equals("counter") && name.endsWith("_total")) {
                problems.add(name + ": a " + kind + " must not end in _total");
            }
            // Micrometer's companion gauge of a timer, x_seconds_max, is named after it
            String unitless = name.replaceFirst("_total$", "").replaceFirst("_seconds_max$", "_seconds");
            if (OTHER_UNIT.matcher(unitless).find()) {
                problems.add(name + ": not in a base unit (seconds, bytes, ratios)");
            }
            if (TIME.matcher(unitless).find() && !unitless.endsWith("_seconds")) {
                problems.add(name + ": a time must be in seconds and end in _seconds");
            }
            if (kind.equals("histogram") && !unitless.matches(".*_(seconds|bytes|ratio)")) {
                problems.add(name + ": a histogram's name ends in its unit");
            }
        }
        return problems;
    }
}
