package dev.ledger.command.outbox;

import java.time.Duration;

/**
 * When the relay's next round may start: after a pause twice as long as the last round took, at
 * most {@code ledger.outbox.max-round-pause}, and at once after a full round, so that a backlog
 * drains at full speed. A round costs a transaction and a request to Kafka whatever it carries.
 * When the ledger is quiet a round takes a few milliseconds and so does the pause; under load the
 * rounds take longer, the pauses with them, and each round carries more events for the same cost.
 */
final class RoundPacing {

    /** The pause as a multiple of the last round: the relay is busy at most a third of the time. */
    private static final int PAUSE_PER_ROUND = 2;

    private final long maxPauseNanos;
    private final int fullRound;
    private long nextStart;

    /** {@code now} is {@link System#nanoTime()} at the start, and the first round starts at once. */
    RoundPacing(Duration maxPause, int fullRound, long now) {
        this.maxPauseNanos = maxPause.toNanos();
        this.fullRound = fullRound;
        this.nextStart = now;
    }

    /** How long a round asked for at {@code now} waits. */
    synchronized Duration pauseAt(long now) {
        return Duration.ofNanos(Math.max(0, nextStart - now));
    }

    /** Records a round that ran from {@code started} to {@code ended} and published {@code published} events. */
    synchronized void roundDone(long started, long ended, int published) {
        long pause = published >= fullRound ? 0 : Math.min(PAUSE_PER_ROUND * (ended - started), maxPauseNanos);
        nextStart = ended + pause;
    }
}
