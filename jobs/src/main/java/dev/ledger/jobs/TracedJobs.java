package dev.ledger.jobs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Runs the chosen job in a trace of its own: one span named after the job, with its exit code, an
 * error when the job did not end with {@link ExitCodes#OK}. Sent when the application stops.
 */
final class TracedJobs implements IExecutionStrategy {

    private final Tracer tracer;
    private final IExecutionStrategy run = new CommandLine.RunLast();

    TracedJobs(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public int execute(ParseResult parseResult) {
        String job = parseResult.asCommandLineList().getLast().getCommandName();
        Span span = tracer.spanBuilder("ledger-jobs " + job)
                .setAttribute("ledger.job", job)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            int exitCode = run.execute(parseResult);
            span.setAttribute("ledger.job.exit_code", exitCode);
            if (exitCode != ExitCodes.OK) {
                span.setStatus(StatusCode.ERROR, "exit code " + exitCode);
            }
            return exitCode;
        } catch (RuntimeException e) {
            span.recordException(e).setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
