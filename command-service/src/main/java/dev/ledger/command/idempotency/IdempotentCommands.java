package dev.ledger.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ledger.command.problem.LedgerException.IdempotencyKeyReused;
import dev.ledger.command.problem.LedgerException.InvalidCommand;
import dev.ledger.support.problem.FieldError;
import dev.ledger.support.problem.Problem;
import dev.ledger.support.problem.ProblemException;
import dev.ledger.support.security.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a command in one transaction together with its Idempotency-Key. A repeat with the same key
 * and the same request gets the first response and changes nothing, whether that response was a
 * success or a refusal (a broken rule or an unknown account is remembered in a transaction of its
 * own, after the command's rolled back; a failure of the service's own is not, so a repeat runs
 * again); the same key with another request is refused. The caller's subject is part of the
 * request, so a key another caller used is refused, never replayed to this one.
 */
@ApplicationScoped
public class IdempotentCommands {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 200;

    private final IdempotencyKeyRepository keys;
    private final ObjectMapper json;

    public IdempotentCommands(IdempotencyKeyRepository keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * @param key     the Idempotency-Key header, or null
     * @param caller  who sends the command: part of what must repeat
     * @param target  method and path, e.g. {@code POST /accounts/{id}/deposits}: part of what must repeat
     * @param request the parsed body (null for none): compared in its canonical JSON form
     * @return the answer to send: the command's, or the one the key's first use got
     */
    public Uni<Response> run(
            String key, Caller caller, String target, Object request, Supplier<Uni<CommandResult>> command) {
        return stored(key, caller, target, request, command).map(StoredResponse::toResponse);
    }

    private Uni<StoredResponse> stored(
            String key, Caller caller, String target, Object request, Supplier<Uni<CommandResult>> command) {
        if (key == null) {
            return Panache.withTransaction(() -> command.get().map(this::toStored));
        }
        if (!wellFormed(key)) {
            return Uni.createFrom().failure(malformedKey());
        }
        String fingerprint = fingerprint(caller.subject(), target, request);
        return Panache.withTransaction(() -> keys.claim(key, fingerprint)
                        .flatMap(claimed -> claimed
                                ? command.get().map(this::toStored).call(response -> keys.complete(key, response))
                                : keys.find(key).map(used -> replay(key, fingerprint, used))))
                .onFailure(ProblemException.class)
                .call(refusal -> remember(key, fingerprint, target, (ProblemException) refusal));
    }

    static boolean wellFormed(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    static InvalidCommand malformedKey() {
        return new InvalidCommand(
                List.of(new FieldError(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters")));
    }

    private Uni<Void> remember(String key, String fingerprint, String target, ProblemException refusal) {
        if (!kept(refusal)) {
            return Uni.createFrom().voidItem();
        }
        Problem problem = refusal.problem(target.substring(target.indexOf(' ') + 1));
        StoredResponse response = new StoredResponse(problem.status(), write(problem), null, null);
        return Panache.withTransaction(() -> keys.remember(key, fingerprint, response));
    }

    /**
     * A refusal the key keeps: the request's own (4xx), which a repeat would get again. Not the
     * key's reuse, which is no answer to the request, nor a failure of the service's (5xx), which
     * a repeat should try again.
     */
    static boolean kept(ProblemException refusal) {
        return !(refusal instanceof IdempotencyKeyReused) && refusal.type().status() < 500;
    }

    /** The first answer, when the key was first used for this very request and that request has finished. */
    StoredResponse replay(String key, String fingerprint, IdempotencyKeyRepository.UsedKey used) {
        if (!used.fingerprint().equals(fingerprint) || used.response() == null) {
            throw new IdempotencyKeyReused(key);
        }
        return used.response();
    }

    private StoredResponse toStored(CommandResult result) {
        String etag = result.version() == null ? null : "\"" + result.version() + "\"";
        return new StoredResponse(result.status(), write(result.body()), result.location(), etag);
    }

    /**
     * SHA-256 of the caller, the target and the request in canonical JSON: the same for one request
     * however laid out.
     */
    String fingerprint(String subject, String target, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(subject.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(target.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(write(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
