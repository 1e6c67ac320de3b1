import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Projection lag as a client sees it: from a transfer's acknowledgement until both query replicas
 * show its sending account at that version or later. One probe at a time follows the newest
 * acknowledged transfer, so an outage's lag is measured from the first transfer it held up.
 */
final class LagProbe {

    /** Lag statistics in milliseconds; unresolved: probes that gave up after {@link #LIMIT}. */
    record Stats(int samples, long p50, long p99, long max, int unresolved) {}

    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final QueryApi queries;
    private final List<PackagedService> replicas;
    private final Outcomes outcomes;
    private final List<Long> lags = Collections.synchronizedList(new ArrayList<>());
    private volatile int unresolved;
    private volatile boolean running = true;
    private Thread thread;

    LagProbe(QueryApi queries, List<PackagedService> replicas, Outcomes outcomes) {
        this.queries = queries;
        this.replicas = replicas;
        this.outcomes = outcomes;
    }

    void start() {
        thread = Thread.ofVirtual().name("lag-probe").start(this::probeUntilStopped);
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    private void probeUntilStopped() {
        Outcomes.Acknowledgement probed = null;
        try {
            while (running) {
                Outcomes.Acknowledgement newest = outcomes.latestAcknowledgement();
                if (newest == null || newest == probed) {
                    Thread.sleep(50);
                    continue;
                }
                probed = newest;
                follow(newest);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls every replica until each shows the version; a probe the run's end cuts short is not counted. */
    private void follow(Outcomes.Acknowledgement acknowledgement) throws InterruptedException {
        List<PackagedService> behind = new ArrayList<>(replicas);
        while (running) {
            for (PackagedService replica : List.copyOf(behind)) {
                if (queries.account(replica, acknowledgement.account())
                        .map(state -> state.version() >= acknowledgement.version())
                        .orElse(false)) {
                    behind.remove(replica);
                }
            }
            long lag = System.nanoTime() - acknowledgement.atNanos();
            if (behind.isEmpty()) {
                lags.add(Duration.ofNanos(lag).toMillis());
                return;
            }
            if (lag > LIMIT.toNanos()) {
                unresolved++;
                return;
            }
            Thread.sleep(20);
        }
    }

    Stats stats() {
        List<Long> sorted;
        synchronized (lags) {
            sorted = new ArrayList<>(lags);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new Stats(0, 0, 0, 0, unresolved);
        }
        return new Stats(
                sorted.size(),
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1),
                unresolved);
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
