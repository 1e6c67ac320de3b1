package dev.ledger.jobs.rebuild;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.jobs.Connections;
import dev.ledger.jobs.ExitCodes;
import dev.ledger.jobs.JobCommand;
import dev.ledger.jobs.Progress;
import dev.ledger.query.model.QueryModel;
import io.agroal.api.AgroalDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rebuilds the query side's read models from the full event history into a new schema, with the
 * projection functions query-service itself uses, then switches queries to it in one transaction.
 * Every step is a function query-service publishes ({@link QueryModel}); this job only orders them,
 * feeds them the topic and commits.
 *
 * <ol>
 *   <li>Drops what a killed earlier run left (BUILDING schemas); the live read model is never touched.</li>
 *   <li>Registers a new BUILDING schema: from then on the live consumer applies new events to it too.</li>
 *   <li>Replays the topic from the beginning into it, committing every batch.</li>
 *   <li>Locks the registry (the live consumer pauses), replays the last events up to the topic's
 *       end, activates the new schema and drops the old one, and commits: queries switch at once,
 *       and every event is in the new schema, applied either by the replay or by the live consumer.</li>
 * </ol>
 */
@Command(
        name = "rebuild-projections",
        mixinStandardHelpOptions = true,
        description = "Rebuild the read models from ledger.account-events into a new schema and switch to it.")
public class RebuildProjectionsCommand extends JobCommand {

    @Option(
            names = "--batch-size",
            defaultValue = "500",
            description = "Events per transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    public RebuildProjectionsCommand(Connections connections) {
        super(connections);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        AgroalDataSource queryDatabase = connections().queryDatabase();
        Map<String, Object> kafka = connections().kafka();
        try (Connection lock = queryDatabase.getConnection()) {
            if (!tryLock(lock)) {
                return stop(ExitCodes.BUSY, "rebuild-projections: another rebuild is running; not starting");
            }
            try (Connection db = queryDatabase.getConnection();
                    EventReplay replay =
                            new EventReplay(kafka, connections().kafkaNames().eventsTopic())) {
                List<String> dropped = ReadModels.dropUnfinished(db);
                if (!dropped.isEmpty()) {
                    out.println("rebuild-projections: dropped unfinished read model(s) of an earlier run: " + dropped);
                }
                String previous = ReadModels.active(db);
                String target = ReadModels.createBuilding(db);
                out.println("rebuild-projections: building " + target + " beside the live " + previous);

                Map<TopicPartition, Long> end = replay.endOffsets();
                Progress progress =
                        new Progress(out, "rebuild-projections", replay.remaining(end), Duration.ofSeconds(2));
                Applier applier = new Applier(db, target, progress);
                replay.readUntil(end, applier);
                applier.commit();

                ReadModels.lockRegistry(db);
                applier.holdCommits();
                replay.readUntil(replay.endOffsets(), applier);
                ReadModels.activate(db, target);
                db.commit();
                progress.finish();
                out.printf(
                        "rebuild-projections: %s is live (%d applied, %d duplicates, %d parked, %d records that are"
                                + " not events skipped); %s dropped%n",
                        target, applier.applied, applier.duplicates, applier.parked, applier.skipped, previous);
            }
            return ExitCodes.OK;
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, QueryModel.REBUILD_LOCK);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Applies events to the new schema through the projection functions, committing every batch. */
    private final class Applier implements EventReplay.Handler {

        private final Connection db;
        private final String target;
        private final Progress progress;
        private final PreparedStatement apply;
        private final PreparedStatement applyParked;
        private final PreparedStatement park;
        private int uncommitted;
        private boolean holding;
        long applied;
        long duplicates;
        long parked;
        long skipped;

        Applier(Connection db, String target, Progress progress) throws SQLException {
            this.db = db;
            this.target = target;
            this.progress = progress;
            db.setAutoCommit(false);
            apply = db.prepareStatement("SELECT " + QueryModel.APPLY_EVENT + "(?, ?, ?::jsonb)");
            applyParked = db.prepareStatement("SELECT " + QueryModel.APPLY_PARKED + "(?, ?)");
            park = db.prepareStatement("SELECT " + QueryModel.PARK_EVENT + "(?, ?, ?::jsonb, ?)");
        }

        @Override
        public void accept(AccountEvent event) throws SQLException {
            progress.advance(1);
            if (event == null) {
                skipped++;
                return;
            }
            String json = AccountEventCodec.toJson(event);
            String outcome = call(apply, target, event.type().ceType(), json);
            switch (outcome) {
                case "APPLIED" -> {
                    applied++;
                    applyParked.setString(1, target);
                    applyParked.setObject(2, event.accountId().value());
                    applyParked.execute();
                }
                case "DUPLICATE" -> duplicates++;
                default -> {
                    parked++;
                    park.setString(1, target);
                    park.setString(2, event.type().ceType());
                    park.setString(3, json);
                    park.setString(
                            4, "version " + event.version() + " replayed before version " + (event.version() - 1));
                    park.execute();
                }
            }
            if (++uncommitted >= batchSize && !holding) {
                commit();
            }
        }

        /** From now on everything joins the caller's transaction: a commit would release the registry lock. */
        void holdCommits() {
            holding = true;
        }

        void commit() throws SQLException {
            db.commit();
            uncommitted = 0;
        }

        private static String call(PreparedStatement statement, String target, String type, String json)
                throws SQLException {
            statement.setString(1, target);
            statement.setString(2, type);
            statement.setString(3, json);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
