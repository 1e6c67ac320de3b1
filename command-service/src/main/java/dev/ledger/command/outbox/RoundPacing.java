package dev.ledger.command.outbox;

import java.time.Duration;

/**
 * When the relay's next round may start. A round costs a transaction and a request to Kafka
 * whatever it carries, so under load the relay pauses between rounds, and each round carries more
 * events for the same cost: twice as long as the last round took, at most
 * {@code ledger.outbox.max-round-pause}. It pauses only when events come fast enough to fill the
 * pause with {@value #EVENTS_WORTH_A_PAUSE} or more at the rate since the round before ended, and
 * not after a full round, so that a quiet ledger's events and a backlog leave at once.
 */
final class RoundPacing {

    /** The pause as a multiple of the last round: the relay is busy at most a third of the time. */
    private static final int PAUSE_PER_ROUND = 2;

    /**
     * Fewer events than this in a pause save too few rounds to pay for the wait: beside 50
     * transfers a second, pausing after every round raised the p99 of the wait for the relay's
     * round from 12-25 to 29-46 ms.
     */
    private static final int EVENTS_WORTH_A_PAUSE = 8;

    private final long maxPauseNanos;
    private final int fullRound;
    private long lastEnd;
    private long nextStart;

    /** {@code now} is {@link System#nanoTime()} at the start, and the first round starts at once. */
    RoundPacing(Duration maxPause, int fullRound, long now) {
        this.maxPauseNanos = maxPause.toNanos();
        this.fullRound = fullRound;
        this.lastEnd = now;
        this.nextStart = now;
    }

    /** How long a round asked for at {@code now} waits. */
    synchronized Duration pauseAt(long now) {
        return Duration.ofNanos(Math.max(0, nextStart - now));
    }

    /** Records a round that ran from {@code started} to {@code ended} and published {@code published} events. */
    synchronized void roundDone(long started, long ended, int published) {
        long pause = Math.min(PAUSE_PER_ROUND * (ended - started), maxPauseNanos);
        // the events of the cycle since the last round ended, at that rate over the pause
        double eventsInPause = (double) published * pause / Math.max(1, ended - lastEnd);
        if (published >= fullRound || eventsInPause < EVENTS_WORTH_A_PAUSE) {
            pause = 0;
        }
        lastEnd = ended;
        nextStart = ended + pause;
    }
}
