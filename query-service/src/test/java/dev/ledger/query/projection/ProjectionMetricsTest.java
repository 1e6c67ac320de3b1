package dev.ledger.query.projection;

import static dev.ledger.devstack.Callers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.MetricNames;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.Scrape;
import dev.ledger.devstack.SharedStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What /q/metrics reports, read before and after a known run of records: each counter moves by exactly its share. */
@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ProjectionMetricsTest {

    /**
     * A partition's lag exists only once the consumer has fetched from it, and ConsumerClientMetrics
     * looks for new client metrics every 10 s: the line appears within two refreshes of the fetch.
     * Micrometer's own default, a minute, fails this bound.
     */
    private static final Duration METRICS_REFRESH = ConsumerClientMetrics.REFRESH.multipliedBy(2);

    private static final String APPLIED = "ledger_projection_events_total{outcome=\"applied\"}";
    private static final String DUPLICATE = "ledger_projection_events_total{outcome=\"duplicate\"}";
    private static final String GAP = "ledger_projection_events_total{outcome=\"gap\"}";
    private static final String PARKED = "ledger_projection_events_total{outcome=\"parked\"}";
    private static final String DEAD_LETTERED = "ledger_projection_dead_lettered_total";
    private static final String LAG = "ledger_projection_lag_seconds";
    private static final String APPLY_LATENCIES = "ledger_projection_apply_latency_seconds_count";
    private static final List<String> COUNTERS =
            List.of(APPLIED, DUPLICATE, GAP, PARKED, DEAD_LETTERED, APPLY_LATENCIES);

    @Test
    void shouldCountEachRecordOnceByWhatApplyingItDid() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        AccountEvent opened = account.opened("heidi");
        MoneyDeposited deposit = account.deposited(1);
        account.deposited(2); // version 3, never published: the account has a gap
        AccountEvent afterAMissingOne = account.deposited(3);
        ProjectionProgress.awaitCaughtUp();
        Map<String, Double> before = counters();

        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(opened, deposit, deposit, afterAMissingOne);
            publisher.publishRaw(account.id().toString(), "not an event", List.of());
        }
        ProjectionProgress.awaitCaughtUp();

        Map<String, Double> after = counters();
        assertEquals(2, after.get(APPLIED) - before.get(APPLIED), "the opening and the first deposit");
        assertEquals(1, after.get(DUPLICATE) - before.get(DUPLICATE), "the deposit delivered again");
        assertEquals(1, after.get(GAP) - before.get(GAP), "version 4 without version 3, once its retries ran out");
        assertEquals(1, after.get(PARKED) - before.get(PARKED), "the same version 4, kept aside");
        assertEquals(1, after.get(DEAD_LETTERED) - before.get(DEAD_LETTERED), "the record that is not an event");
        assertEquals(2, after.get(APPLY_LATENCIES) - before.get(APPLY_LATENCIES), "a latency per applied event");
    }

    /**
     * The gauge is computed when scraped, so it lies between the event's age just before and just
     * after the scrape. (ProjectionTest shows one partition's lag apart from the others'.)
     */
    @Test
    void shouldReportTheAgeOfThePartitionsNewestAppliedEventAsItsLag() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        AccountEvent opened = account.opened("ivan");
        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(opened);
        }
        ProjectionProgress.awaitCaughtUp();

        String series = LAG + "{partition=\"" + account.partition() + "\"}";
        Instant before = Instant.now();
        double lag = value(scrape(), series).orElseThrow(() -> new AssertionError(series + " is not exposed"));
        Instant after = Instant.now();

        // The gauge has millisecond resolution; half a millisecond either side absorbs its decimal rendering.
        double atLeast = Duration.between(opened.occurredAt(), before).toMillis() / 1000.0 - 0.0005;
        double atMost = Duration.between(opened.occurredAt(), after).toMillis() / 1000.0 + 0.0005;
        assertTrue(lag >= atLeast && lag <= atMost, "lag " + lag + " s, expected " + atLeast + ".." + atMost + " s");
    }

    @Test
    void shouldNameTheLedgersMetricsByThePrometheusConventions() {
        String scrape = scrape();
        assertTrue(scrape.contains("ledger_projection_lag_seconds"), "the projection's metrics are not registered");
        assertEquals(List.of(), MetricNames.problems(scrape, "ledger_"));
    }

    @Test
    void shouldExposeTheConsumerLagPerPartition() {
        Events account = Events.forAccount(Events.uniqueCurrency());
        try (EventPublisher publisher =
                new EventPublisher(SharedStack.get().kafka().bootstrapServers())) {
            publisher.publish(account.opened("judy"));
        }
        asAdmin()
                .header("X-Min-Version", 1)
                .get("/accounts/{id}", account.id().toString())
                .then()
                .statusCode(200);
        // polled quietly: a failed body assertion per poll would print the whole scrape each time
        await().atMost(METRICS_REFRESH)
                .until(() -> scrape().lines()
                        .anyMatch(line ->
                                line.matches("kafka_consumer_fetch_manager_records_lag\\{[^}]*partition=\"\\d+\","
                                        + "topic=\"ledger\\.account-events\"} [0-9.E]+")));
    }

    /** Each counter's value; one not registered yet (nothing consumed since the start) counts as 0. */
    private static Map<String, Double> counters() {
        String metrics = scrape();
        return COUNTERS.stream()
                .collect(Collectors.toMap(
                        Function.identity(), series -> value(metrics, series).orElse(0)));
    }

    private static String scrape() {
        return asAdmin().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series, e.g. {@code name{label="x"}}. */
    private static OptionalDouble value(String metrics, String series) {
        return Scrape.value(metrics, series);
    }
}
