import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

/**
 * The command API, used as docs/command-api.md tells a client to: a request that fails or gets no
 * answer is sent again with the same Idempotency-Key, after a capped exponential back-off with
 * jitter, or after the Retry-After of a 503 when that is longer, until an answer decides it or the
 * client gives up.
 */
final class CommandApi {

    /** How long one attempt waits for its answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** After this long without a deciding answer, the client gives up: the request is unanswered. */
    static final Duration GIVE_UP = Duration.ofSeconds(60);

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    /** How a request ended: the deciding answer, or {@link Answer#NONE} when the client gave up. */
    record Delivery(Answer answer, int attempts) {}

    private final HttpClient http;
    private final URI base;
    private final String token;

    /** @param token the bearer token every command carries */
    CommandApi(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** Sends until an answer decides the request or {@link #GIVE_UP} passes; the same key each time. */
    Delivery deliver(String path, String json, String key, Random jitter) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        int attempts = 0;
        while (true) {
            Answer answer = send(path, json, key);
            attempts++;
            if (answer.decided()) {
                return new Delivery(answer, attempts);
            }
            long pause = Math.max(
                    backoff / 2 + (long) (jitter.nextDouble() * backoff / 2),
                    answer.retryAfter().toMillis());
            if (System.nanoTime() + pause * 1_000_000 > deadline) {
                return new Delivery(Answer.NONE, attempts);
            }
            Thread.sleep(pause);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private Answer send(String path, String json, String key) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            return Answer.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException noAnswer) {
            return Answer.NONE;
        }
    }
}
