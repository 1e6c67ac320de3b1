package dev.ledger.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;

/**
 * One line on stderr and exit code 1 for a job that fails (a setting missing, a database or Kafka
 * unreachable), instead of a stack trace; the trace is printed only with LEDGER_JOBS_DEBUG=true.
 */
@ApplicationScoped
public class JobFailureHandler {

    @Produces
    CommandLine commandLine(IFactory factory) {
        IExecutionExceptionHandler handler = (failure, commandLine, parseResult) -> {
            String reason = failure instanceof SQLException sql && sql.getSQLState() != null
                    ? failure.getMessage() + " (SQLSTATE " + sql.getSQLState() + ")" : failure.getMessage();
            commandLine.getErr().println(commandLine.getCommandName() + ": failed: " + reason);
            if (Boolean.parseBoolean(System.getenv("LEDGER_JOBS_DEBUG"))) {
                failure.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.FAILED;
        };
        return new CommandLine(LedgerJobs.class, factory).setExecutionExceptionHandler(handler);
    }
}
