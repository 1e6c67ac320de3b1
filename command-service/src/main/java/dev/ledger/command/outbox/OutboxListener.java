package dev.ledger.command.outbox;

import dev.ledger.command.model.CommandModel;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Tells the relay when to look at the outbox. A trigger sends {@code NOTIFY outbox_event} when a
 * transaction that wrote events commits, so an event normally leaves within milliseconds; a slow
 * poll ({@code ledger.outbox.poll-interval}) covers a lost notification or a dropped LISTEN connection.
 */
@ApplicationScoped
public class OutboxListener {

    private static final Logger LOG = Logger.getLogger(OutboxListener.class);
    private static final Runnable NOBODY = () -> {};

    private final Vertx vertx;
    private final PgConnectOptions listenOptions;
    private volatile Runnable wake = NOBODY;
    private PgSubscriber subscriber;

    public OutboxListener(RelayEventLoop loop, Config config) {
        this.vertx = loop.vertx();
        this.listenOptions = RelayConnectOptions.of(config);
    }

    /** Calls {@code wake} on every notification and every poll, until {@link #close()}. */
    synchronized void listen(Runnable wake) {
        this.wake = wake;
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(attempts -> 1000L);
        subscriber.channel(CommandModel.OUTBOX_CHANNEL).handler(payload -> this.wake.run());
        subscriber
                .connect()
                .subscribe()
                .with(
                        connected -> LOG.debug("outbox relay listening for outbox_event notifications"),
                        failure -> LOG.warnf(
                                "outbox relay cannot LISTEN (%s); relying on the fallback poll", failure.getMessage()));
    }

    synchronized void close() {
        wake = NOBODY;
        if (subscriber != null) {
            subscriber.closeAndForget();
            subscriber = null;
        }
    }

    @Scheduled(
            every = "${ledger.outbox.poll-interval}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake.run();
    }
}
