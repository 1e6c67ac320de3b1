package dev.ledger.command.outbox;

import dev.ledger.command.config.LedgerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to {@code ledger.account-events} as CloudEvents, in the order they
 * were written, while it runs on this replica ({@code ledger.outbox.relay-enabled}). The
 * {@link OutboxListener} says when to look; each look is one {@link PublishRound}, rounds never
 * overlap, and {@link RoundPacing} spaces them.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxListener listener;
    private final PublishRound round;
    private final LedgerConfig config;
    private final RoundPacing pacing;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean running;

    public OutboxRelay(OutboxListener listener, PublishRound round, LedgerConfig config) {
        this.listener = listener;
        this.round = round;
        this.config = config;
        this.pacing =
                new RoundPacing(config.outbox().maxRoundPause(), config.outbox().batchSize(), System.nanoTime());
    }

    void onStart(@Observes StartupEvent start) {
        if (config.outbox().relayEnabled()) {
            start();
        } else {
            LOG.info("outbox relay disabled on this replica (ledger.outbox.relay-enabled=false)");
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    /** Starts listening and publishes whatever is already waiting. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        listener.listen(this::wake);
        wake();
    }

    /** Stops publishing: rows committed from now on wait in the outbox until the next start. */
    public synchronized void stop() {
        running = false;
        listener.close();
    }

    /** Asks for a round; rounds never overlap, and a request during a round triggers another. */
    public void wake() {
        wanted.set(true);
        if (running && draining.compareAndSet(false, true)) {
            wanted.set(false);
            Duration pause = pacing.pauseAt(System.nanoTime());
            Uni<Void> turn = pause.isZero()
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().voidItem().onItem().delayIt().by(pause);
            // a stop during the pause holds what was committed since, as a stop always does
            turn.chain(() -> running ? timedRound() : Uni.createFrom().item(0))
                    .subscribe()
                    .with(
                            published -> {
                                draining.set(false);
                                if (published >= config.outbox().batchSize() || wanted.get()) {
                                    wake();
                                }
                            },
                            failure -> {
                                draining.set(false);
                                LOG.warnf(
                                        "outbox relay round failed, retrying on the next poll or notification: %s",
                                        failure.getMessage());
                            });
        }
    }

    private Uni<Integer> timedRound() {
        long started = System.nanoTime();
        return round.run()
                .invoke(published -> pacing.roundDone(started, System.nanoTime(), published))
                .onFailure()
                .invoke(() -> pacing.roundDone(started, System.nanoTime(), 0));
    }

    public boolean isRunning() {
        return running;
    }

    /** Why the last send or round failed, or null once a round sent everything it read. */
    public String lastFailure() {
        return round.lastFailure();
    }
}
