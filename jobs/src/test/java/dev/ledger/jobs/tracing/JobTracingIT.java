package dev.ledger.jobs.tracing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.CollectedSpan;
import dev.ledger.devstack.TraceCollector;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobRun;
import dev.ledger.jobs.Ledger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each job run is a trace of its own: the packaged jar runs with tracing on, exporting over OTLP to
 * a {@link TraceCollector}, and sends one root span named after the job, with its exit code.
 */
class JobTracingIT {

    private static TraceCollector collector;

    @BeforeAll
    static void start() throws Exception {
        Ledger.start();
        collector = TraceCollector.start(0);
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rebuild-projections", "reconcile"})
    void shouldSendOneSpanPerRunNamedAfterTheJob(String job) throws Exception {
        JobRun.Result run = JobRun.run(collector.exporterEnvironment(), job);

        List<CollectedSpan> spans = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> collector.spans().stream()
                                .filter(span -> span.name().equals("ledger-jobs " + job))
                                .toList(),
                        found -> !found.isEmpty());
        assertEquals(1, spans.size(), "spans of " + job + ": " + spans + "\n" + run.err());
        CollectedSpan span = spans.get(0);
        assertTrue(span.isRoot(), span.toString());
        assertEquals("ledger-jobs", span.service());
        assertEquals(String.valueOf(run.exitCode()), span.attributes().get("ledger.job.exit_code"));
        assertEquals(run.exitCode() != ExitCodes.OK, span.error(), span.toString());
    }
}
