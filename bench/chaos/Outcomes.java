import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every transfer the clients asked for, by Idempotency-Key: the request, the first answer that
 * decided it (or none: unanswered), how many attempts that took, and every later answer under the
 * same key, each compared with the first.
 */
final class Outcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A transfer as a client asks for it; its key is also its reference, so its row can be found. */
    record TransferRequest(String key, UUID from, UUID to, long amount) {

        String json() {
            return "{\"from\":\"%s\",\"to\":\"%s\",\"amount\":%d,\"reference\":\"%s\"}"
                    .formatted(from, to, amount, key);
        }
    }

    /** An acknowledged transfer's sending account at its new version: what the lag probe follows. */
    record Acknowledgement(UUID account, long version, long atNanos) {}

    /** One transfer's fate. */
    static final class Outcome {

        final TransferRequest request;
        final Answer answer;
        final int attempts;
        /** From an acknowledgement: the transfer's id and the sending account's version after it. */
        final UUID transferId;

        final AtomicInteger repeats = new AtomicInteger();
        final List<Answer> contradictions = new CopyOnWriteArrayList<>();

        private Outcome(TransferRequest request, Answer answer, int attempts, UUID transferId) {
            this.request = request;
            this.answer = answer;
            this.attempts = attempts;
            this.transferId = transferId;
        }

        boolean acknowledged() {
            return answer.acknowledged();
        }

        boolean refused() {
            return answer.decided() && !answer.acknowledged();
        }

        boolean unanswered() {
            return !answer.decided();
        }
    }

    private final Map<String, Outcome> byKey = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();
    private final LongAdder attempts = new LongAdder();
    private final AtomicReference<Acknowledgement> latest = new AtomicReference<>();

    void starting() {
        started.increment();
    }

    void settled(TransferRequest request, CommandApi.Delivery delivery) {
        attempts.add(delivery.attempts());
        Answer answer = delivery.answer();
        UUID transferId = null;
        if (answer.acknowledged()) {
            JsonNode body = parse(answer.body());
            transferId = UUID.fromString(body.get("transferId").asText());
            latest.set(new Acknowledgement(
                    request.from(), body.get("from").get("version").asLong(), System.nanoTime()));
        }
        byKey.put(request.key(), new Outcome(request, answer, delivery.attempts(), transferId));
    }

    /** A settled request sent once more: if the ledger decides it again, it must decide it the same way. */
    void repeated(String key, CommandApi.Delivery delivery) {
        attempts.add(delivery.attempts());
        Outcome outcome = byKey.get(key);
        Answer again = delivery.answer();
        if (!again.decided()) {
            return;
        }
        outcome.repeats.incrementAndGet();
        if (!again.sameAs(outcome.answer)) {
            outcome.contradictions.add(again);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("an acknowledgement that is not JSON: " + body, e);
        }
    }

    Collection<Outcome> all() {
        return byKey.values();
    }

    Outcome get(String key) {
        return byKey.get(key);
    }

    Acknowledgement latestAcknowledgement() {
        return latest.get();
    }

    long started() {
        return started.sum();
    }

    /** HTTP requests sent for transfers: first attempts, retries and repeats. */
    long attempts() {
        return attempts.sum();
    }

    /** Attempts after the first, until a deciding answer or giving up. */
    long retries() {
        return byKey.values().stream().mapToLong(o -> o.attempts - 1).sum();
    }

    long repeats() {
        return byKey.values().stream().mapToLong(o -> o.repeats.get()).sum();
    }

    long acknowledged() {
        return byKey.values().stream().filter(Outcome::acknowledged).count();
    }

    long refused() {
        return byKey.values().stream().filter(Outcome::refused).count();
    }

    long unanswered() {
        return byKey.values().stream().filter(Outcome::unanswered).count();
    }
}
