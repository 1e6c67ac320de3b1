package dev.ledger.jobs;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.configuration.DurationConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.sql.SQLException;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line every job runs in. Durations ({@code --older-than 7d}, {@code --settle 10s})
 * are read as Quarkus reads them in configuration, ISO-8601 included. A job that fails (a setting
 * missing, a database or Kafka unreachable) prints one line on stderr and exits 1 instead of a
 * stack trace; the trace is printed only with LEDGER_JOBS_DEBUG=true. Each run is traced
 * ({@link TracedJobs}).
 */
@ApplicationScoped
public class JobsCommandLine {

    @Produces
    CommandLine commandLine(IFactory factory, Tracer tracer) {
        IExecutionExceptionHandler handler = (failure, commandLine, parseResult) -> {
            String reason = failure instanceof SQLException sql && sql.getSQLState() != null
                    ? failure.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")"
                    : failure.getMessage();
            commandLine.getErr().println(commandLine.getCommandName() + ": failed: " + reason);
            if (Boolean.parseBoolean(System.getenv("LEDGER_JOBS_DEBUG"))) {
                failure.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.FAILED;
        };
        return new CommandLine(LedgerJobs.class, factory)
                .registerConverter(Duration.class, JobsCommandLine::duration)
                .setExecutionStrategy(new TracedJobs(tracer))
                .setExecutionExceptionHandler(handler);
    }

    /** Quarkus's reading, except that an empty value is refused: it reads that as no duration at all. */
    private static Duration duration(String value) {
        Duration duration = DurationConverter.parseDuration(value);
        if (duration == null) {
            throw new TypeConversionException("a duration such as 7d, 12h, 30m or P7D is required");
        }
        return duration;
    }
}
