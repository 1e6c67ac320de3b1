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
    void shouldPauseTwiceAsLongAsTheLastRoundTookUnderLoad() {
        // 30 events in the 40 ms since the last round ended: 0.75 a millisecond, 19.5 in 26 ms
        pacing.roundDone(START + ms(27), START + ms(40), 30);
        assertEquals(Duration.ofMillis(26), pacing.pauseAt(START + ms(40)));
        assertEquals(Duration.ofMillis(21), pacing.pauseAt(START + ms(45)), "asked 5 ms after the round ended");
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(70)), "asked after the pause was over");
    }

    @Test
    void shouldNotPauseWhenTooFewEventsWouldComeMeanwhile() {
        // 3 events in 20 ms: 3.9 in the 26 ms a pause would take
        pacing.roundDone(START + ms(7), START + ms(20), 3);
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(20)));
    }

    @Test
    void shouldMeasureTheRateSinceTheLastRoundEnded() {
        pacing.roundDone(START + ms(990), START + ms(1000), 40);
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(1000)), "40 events in a second: 0.8 in 20 ms");
        pacing.roundDone(START + ms(1030), START + ms(1040), 40);
        assertEquals(Duration.ofMillis(20), pacing.pauseAt(START + ms(1040)), "40 in 40 ms: 20 in 20 ms");
    }

    @Test
    void shouldPauseNoLongerThanTheMaximum() {
        pacing.roundDone(START + ms(60), START + ms(100), 150);
        assertEquals(MAX_PAUSE, pacing.pauseAt(START + ms(100)));
    }

    @Test
    void shouldNotPauseAfterAFullRoundSoThatABacklogDrainsAtFullSpeed() {
        pacing.roundDone(START + ms(10), START + ms(40), FULL_ROUND);
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(40)));
    }

    @Test
    void shouldNotPauseAfterARoundThatPublishedNothing() {
        pacing.roundDone(START, START + ms(10), 0);
        assertEquals(Duration.ZERO, pacing.pauseAt(START + ms(10)));
    }

    @Test
    void shouldNeverPauseWithAMaximumOfZero() {
        RoundPacing unpaced = new RoundPacing(Duration.ZERO, FULL_ROUND, START);
        unpaced.roundDone(START + ms(27), START + ms(40), 30);
        assertEquals(Duration.ZERO, unpaced.pauseAt(START + ms(40)));
    }

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
