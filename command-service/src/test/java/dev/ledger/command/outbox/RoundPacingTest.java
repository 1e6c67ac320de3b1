package dev.ledger.command.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoundPacingTest {

    private static final Duration MAX_PAUSE = Duration.ofMillis(50);
    private static final int FULL_ROUND = 200;
    /** Any start: nanoTime's origin is arbitrary and may be negative. */
    private static final long START = -7_000_000_000L;

    private final RoundPacing pacing = new RoundPacing(MAX_PAUSE, FULL_ROUND, START);

    @Test
    void shouldStartTheFirstRoundAtOnce() {
        assertEquals(Duration.ZERO, pacing.pauseAt(START));
    }

    @Test
    void shouldPauseTwiceAsLongAsTheLastRoundTook() {
        pacing.roundDone(START, START + ms(4), 3);
        assertEquals(Duration.ofMillis(8), pacing.pauseAt(START + ms(4)));
        assertEquals(Duration.ofMillis(3), pacing.pauseAt(START + ms(9)), "asked 5 ms after the round ended");
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(20)), "asked after the pause was over");
    }

    @Test
    void shouldPauseNoLongerThanTheMaximum() {
        pacing.roundDone(START, START + ms(40), 150);
        assertEquals(MAX_PAUSE, pacing.pauseAt(START + ms(40)));
    }

    @Test
    void shouldNotPauseAfterAFullRoundSoThatABacklogDrainsAtFullSpeed() {
        pacing.roundDone(START, START + ms(30), FULL_ROUND);
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(30)));
    }

    @Test
    void shouldPauseAfterAFailedRoundToo() {
        pacing.roundDone(START, START + ms(10), 0);
        assertEquals(Duration.ofMillis(20), pacing.pauseAt(START + ms(10)));
    }

    @Test
    void shouldNeverPauseWithAMaximumOfZero() {
        RoundPacing unpaced = new RoundPacing(Duration.ZERO, FULL_ROUND, START);
        unpaced.roundDone(START, START + ms(40), 3);
        assertEquals(Duration.ZERO, unpaced.pauseAt(START + ms(40)));
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
