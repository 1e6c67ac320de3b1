import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The projection's own count of events by what applying them did (applied, duplicate, gap, parked),
 * scraped from each query replica's /q/metrics every two seconds. A replica's counters start at zero
 * with each process, so a process's last scrape is banked when a new one answers; what a replica
 * counted after its last scrape before a kill -9 is lost, which makes the totals lower bounds.
 */
final class ProjectionCounters {

    private static final Pattern SAMPLE = Pattern.compile(
            "^ledger_projection_events_total\\{[^}]*outcome=\"([a-z]+)\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    /** One replica's counts: those of its earlier processes, and the last scrape of its current one. */
    private static final class Tally {
        int generation;
        Map<String, Double> current = Map.of();
        final Map<String, Double> banked = new HashMap<>();
    }

    private final HttpClient http;
    private final Map<PackagedService, Tally> tallies = new HashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    ProjectionCounters(HttpClient http, List<PackagedService> replicas) {
        this.http = http;
        replicas.forEach(replica -> tallies.put(replica, new Tally()));
    }

    void start() {
        thread = Thread.ofVirtual().name("projection-counters").start(() -> {
            try {
                while (running) {
                    scrapeAll();
                    Thread.sleep(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Stops scraping after one last scrape of every replica. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
        scrapeAll();
    }

    /** Events with this outcome, every replica and process together, at least. */
    synchronized long total(String outcome) {
        double total = 0;
        for (Tally tally : tallies.values()) {
            total += tally.banked.getOrDefault(outcome, 0.0) + tally.current.getOrDefault(outcome, 0.0);
        }
        return Math.round(total);
    }

    private void scrapeAll() throws InterruptedException {
        for (PackagedService replica : tallies.keySet()) {
            int generation = replica.generation();
            Map<String, Double> counts = scrape(replica);
            // a scrape across a restart cannot tell whose counts it holds
            if (counts != null && replica.generation() == generation) {
                record(tallies.get(replica), generation, counts);
            }
        }
    }

    private synchronized void record(Tally tally, int generation, Map<String, Double> counts) {
        if (generation != tally.generation) {
            tally.current.forEach((outcome, count) -> tally.banked.merge(outcome, count, Double::sum));
            tally.generation = generation;
        }
        tally.current = counts;
    }

    private Map<String, Double> scrape(PackagedService replica) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(replica.uri("/q/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            Map<String, Double> counts = new HashMap<>();
            Matcher sample = SAMPLE.matcher(response.body());
            while (sample.find()) {
                counts.merge(sample.group(1), Double.parseDouble(sample.group(2)), Double::sum);
            }
            return counts;
        } catch (IOException | NumberFormatException down) {
            return null;
        }
    }
}
