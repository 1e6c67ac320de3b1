import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end visibility lag: for each sample, a deposit on the command side, then the query side
 * polled (every 1 ms, without X-Min-Version) until it shows that version. Lag = from the command's
 * answer to the first query answer that shows it. The load beside it comes from elsewhere (bench/lib.sh's
 * bench_visibility_lag runs wrk, paced, which costs the machine far less than this JVM would).
 * Prints "samples p50 p90 p99 max" in milliseconds and whether the query side fell behind: a sample
 * not visible within 30 s ends the run (every later one would wait as long), counted at the 30 s it
 * waited.
 * Run: java bench/VisibilityLag.java <command-url> <query-url> <accounts-file> <samples>
 */
public class VisibilityLag {

    private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");
    private static final long PATIENCE_NANOS = 30_000_000_000L;

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String authorization = "Bearer " + System.getenv("LEDGER_TOKEN");
        List<String> accounts = Files.readAllLines(Path.of(args[2]));
        int samples = Integer.parseInt(args[3]);
        List<Double> lags = new ArrayList<>();
        boolean fellBehind = false;
        for (int i = 0; i < samples && !fellBehind; i++) {
            String account = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
            HttpResponse<String> deposit = http.send(HttpRequest.newBuilder(URI.create(args[0] + "/accounts/" + account + "/deposits"))
                    .header("Authorization", authorization).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long accepted = System.nanoTime();
            long version = version(deposit.body());
            HttpRequest query = HttpRequest.newBuilder(URI.create(args[1] + "/accounts/" + account))
                    .header("Authorization", authorization).build();
            while (!fellBehind && version(http.send(query, HttpResponse.BodyHandlers.ofString()).body()) < version) {
                fellBehind = System.nanoTime() - accepted > PATIENCE_NANOS;
                Thread.sleep(1);
            }
            lags.add((System.nanoTime() - accepted) / 1e6);
        }
        Collections.sort(lags);
        System.out.printf("%d %.1f %.1f %.1f %.1f %b%n", lags.size(), percentile(lags, 50), percentile(lags, 90),
                percentile(lags, 99), lags.get(lags.size() - 1), fellBehind);
    }

    private static long version(String body) {
        Matcher version = VERSION.matcher(body);
        return version.find() ? Long.parseLong(version.group(1)) : 0;
    }

    private static double percentile(List<Double> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }
}
