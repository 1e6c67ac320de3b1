package dev.ledger.jobs;

import java.io.PrintWriter;
import java.time.Duration;

/** Prints "done/total (percent), rate, ETA" for long work, at most once per interval and at the end. */
public final class Progress {

    private final PrintWriter out;
    private final String what;
    private final long total;
    private final long interval;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private long done;

    public Progress(PrintWriter out, String what, long total, Duration interval) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.interval = interval.toNanos();
    }

    public void advance(long count) {
        done += count;
        long now = System.nanoTime();
        if (now - lastPrinted >= interval) {
            lastPrinted = now;
            out.println(line(now));
            out.flush();
        }
    }

    public void finish() {
        out.println(line(System.nanoTime()));
        out.flush();
    }

    public long done() {
        return done;
    }

    String line(long now) {
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        double rate = done / seconds;
        StringBuilder line = new StringBuilder(what).append(": ").append(done);
        if (total > 0) {
            line.append('/').append(total).append(String.format(" (%.0f%%)", 100.0 * Math.min(done, total) / total));
        }
        line.append(String.format(", %.0f/s", rate));
        if (total > done && rate > 0) {
            line.append(String.format(", ETA %.0f s", (total - done) / rate));
        } else {
            line.append(String.format(", %.1f s", seconds));
        }
        return line.toString();
    }
}
