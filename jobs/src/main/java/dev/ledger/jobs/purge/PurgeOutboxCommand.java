package dev.ledger.jobs.purge;

import dev.ledger.command.model.CommandModel;
import dev.ledger.jobs.Connections;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobCommand;
import dev.ledger.jobs.Progress;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deletes published outbox rows and idempotency keys older than the retention, a small batch per
 * transaction: no long lock, and a kill loses at most one uncommitted batch, which a rerun deletes.
 * A row the relay has not published is never touched. Counting and deleting are functions
 * command-service publishes ({@link CommandModel}); this job only paces them and reports progress.
 */
@Command(
        name = "purge-outbox",
        mixinStandardHelpOptions = true,
        description = "Delete published outbox rows and expired idempotency keys older than the retention.")
public class PurgeOutboxCommand extends JobCommand {

    private static final String OUTBOX_COUNT = "SELECT " + CommandModel.COUNT_PURGEABLE_OUTBOX_EVENTS + "(?)";
    private static final String OUTBOX_BATCH = "SELECT " + CommandModel.PURGE_OUTBOX_EVENTS + "(?, ?)";
    private static final String KEYS_COUNT = "SELECT " + CommandModel.COUNT_PURGEABLE_IDEMPOTENCY_KEYS + "(?)";
    private static final String KEYS_BATCH = "SELECT " + CommandModel.PURGE_IDEMPOTENCY_KEYS + "(?, ?)";

    @Option(
            names = "--older-than",
            required = true,
            description = "Retention, e.g. 7d, 12h or P7D; rows older than now minus this are deleted.")
    Duration retention;

    @Option(
            names = "--batch-size",
            defaultValue = "1000",
            description = "Rows per transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    public PurgeOutboxCommand(Connections connections) {
        super(connections);
    }

    @Override
    public Integer call() throws SQLException {
        if (batchSize < 1 || retention.isNegative()) {
            return stop(ExitCodes.USAGE, "--batch-size must be at least 1 and --older-than not negative");
        }
        PrintWriter out = out();
        Timestamp cutoff = Timestamp.from(Instant.now().minus(retention));
        out.println("purge-outbox: deleting rows older than " + cutoff.toInstant());
        try (Connection db = connections().commandDatabase().getConnection()) {
            long outbox = purge(db, out, "outbox rows", OUTBOX_COUNT, OUTBOX_BATCH, cutoff);
            long keys = purge(db, out, "idempotency keys", KEYS_COUNT, KEYS_BATCH, cutoff);
            out.printf("purge-outbox: removed %d published outbox rows and %d idempotency keys%n", outbox, keys);
        }
        return ExitCodes.OK;
    }

    private long purge(Connection db, PrintWriter out, String what, String countSql, String batchSql, Timestamp cutoff)
            throws SQLException {
        db.setAutoCommit(true);
        long total;
        try (PreparedStatement count = db.prepareStatement(countSql)) {
            count.setTimestamp(1, cutoff);
            total = single(count);
        }
        Progress progress = new Progress(out, "purge-outbox " + what, total, Duration.ofSeconds(2));
        try (PreparedStatement batch = db.prepareStatement(batchSql)) {
            batch.setTimestamp(1, cutoff);
            batch.setInt(2, batchSize);
            long deleted;
            do {
                deleted = single(batch);
                progress.advance(deleted);
            } while (deleted == batchSize);
        }
        progress.finish();
        return progress.done();
    }

    private static long single(PreparedStatement call) throws SQLException {
        try (ResultSet row = call.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
