package dev.ledger.jobs;

import dev.ledger.jobs.purge.PurgeOutboxCommand;
import dev.ledger.jobs.rebuild.RebuildProjectionsCommand;
import dev.ledger.jobs.reconcile.ReconcileCommand;
import dev.ledger.jobs.report.ReportCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(
        name = "ledger-jobs",
        mixinStandardHelpOptions = true,
        version = "ledger-jobs 0.1.0",
        description = "Batch work on the ledger, run by Kubernetes Jobs and CronJobs. Every job is safe to run"
                + " twice and to kill at any moment.",
        subcommands = {
            RebuildProjectionsCommand.class,
            PurgeOutboxCommand.class,
            ReconcileCommand.class,
            ReportCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK + ":done",
            ExitCodes.FAILED + ":failed (the message says why; nothing half-written is left live)",
            ExitCodes.USAGE + ":invalid arguments",
            ExitCodes.DRIFT + ":reconcile found drift between the write and the read side",
            ExitCodes.BUSY + ":another run of the same job holds its lock"
        })
public class LedgerJobs {}
