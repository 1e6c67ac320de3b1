package dev.ledger.command.outbox;

import io.vertx.core.VertxOptions;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The relay's own Vert.x, with one event loop, for its LISTEN connection and its statements. A
 * round is a chain of callbacks (lock, read, Kafka's acknowledgements, mark, commit); on the
 * application's event loops each of them queued behind the HTTP requests in flight, and beside 400
 * transfers a second a change waited p99 245-319 ms for the relay's round to reach it. On a loop of
 * its own, which the operating system schedules beside the others, that wait was 54-87 ms
 * (bench/ab.sh, docs/benchmarks.md).
 */
@ApplicationScoped
public class RelayEventLoop {

    // the relay blocks nothing, so its worker pools need no more than one thread each
    private final Vertx vertx = Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));

    Vertx vertx() {
        return vertx;
    }

    /** Closes the relay's connections with it. */
    @PreDestroy
    void close() {
        vertx.closeAndAwait();
    }
}
