package dev.ledger.command.outbox;

import dev.ledger.command.config.LedgerConfig;
import dev.ledger.command.outbox.PublishRound.Sent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to {@code ledger.account-events} as CloudEvents, in the order they
 * were written, while it runs on this replica ({@code ledger.outbox.relay-enabled}). The
 * {@link OutboxListener} says when to look; each look is one {@link PublishRound}. Rounds never
 * overlap, but a round's rows may still wait for Kafka's acknowledgement while the next one reads.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxListener listener;
    private final PublishRound round;
    private final LedgerConfig config;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();
    private volatile boolean running;

    public OutboxRelay(OutboxListener listener, PublishRound round, LedgerConfig config) {
        this.listener = listener;
        this.round = round;
        this.config = config;
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

    /**
     * Stops publishing: rows committed from now on wait in the outbox until the next start. The
     * rows already on their way are marked, then the relay's lock is given back.
     */
    public synchronized void stop() {
        running = false;
        listener.close();
        if (!reading.get()) {
            round.close();
        }
    }

    /**
     * Asks for a round. Rounds never overlap; a request during a round triggers another, and so does
     * a round that read all it could. A round ends once its rows are on their way, so the next one
     * reads while Kafka acknowledges them.
     */
    public void wake() {
        wanted.set(true);
        if (running && reading.compareAndSet(false, true)) {
            wanted.set(false);
            round.run().subscribe().with(this::roundEnded, this::roundFailed);
        }
    }

    private void roundFailed(Throwable failure) {
        LOG.warnf("outbox relay round failed, retrying on the next poll or notification: %s", failure.getMessage());
        roundOver();
    }

    private void roundEnded(Sent sent) {
        if (running && sent.waiting()) {
            // a batch's worth on its way: the next round reads once it is marked
            sent.marked().subscribe().with(marked -> readAgain(), failure -> readAgain());
            return;
        }
        roundOver();
        if (running && (wanted.get() || sent.full())) {
            wake();
        } else if (running && sent.rows() > 0) {
            // once nothing is on its way, one more round finds nothing and gives the lock back
            sent.marked().subscribe().with(marked -> wakeIfSettled(), failure -> wakeIfSettled());
        }
    }

    private void readAgain() {
        roundOver();
        wake();
    }

    /** Lets the next round start; a stopped relay gives its lock back once its rows are marked. */
    private void roundOver() {
        reading.set(false);
        if (!running) {
            round.close();
        }
    }

    private void wakeIfSettled() {
        if (round.settled()) {
            wake();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** Why the last send or round failed, or null once a round sent everything it read. */
    public String lastFailure() {
        return round.lastFailure();
    }
}
