package dev.ledger.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void shouldPrintDoneTotalPercentRateAndEta() {
        StringWriter text = new StringWriter();
        Progress progress = new Progress(new PrintWriter(text), "replay", 200, Duration.ofHours(1));
        progress.advance(50);
        String line = progress.line(System.nanoTime() + 1_000_000_000L);
        assertTrue(line.matches("replay: 50/200 \\(25%\\), \\d+/s, ETA \\d+ s"), line);
        progress.advance(150);
        progress.finish();
        assertTrue(text.toString().startsWith("replay: 200/200 (100%)"), text.toString());
    }
}
