package dev.ledger.jobs;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every job has: the connections it asks for, and picocli's streams, so that a job prints
 * where {@code ledger-jobs} prints: its progress and its result on stdout, and on stderr why it
 * stopped early. The exit code is what {@code call()} returns (see {@link ExitCodes}).
 */
public abstract class JobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Connections connections;

    protected JobCommand(Connections connections) {
        this.connections = connections;
    }

    protected Connections connections() {
        return connections;
    }

    /** Where the job reports its progress and its result. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Ends the job early: says why on stderr and returns the exit code to end with. */
    protected int stop(int exitCode, String reason) {
        spec.commandLine().getErr().println(reason);
        return exitCode;
    }
}
