package dev.ledger.command.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The {@code idempotency_key} table; every call joins the caller's transaction. */
@ApplicationScoped
public class IdempotencyKeyRepository {

    /** A key's first use; absent fields mean the row is claimed but its command has not finished. */
    public record UsedKey(String fingerprint, StoredResponse response) {}

    /**
     * Claims {@code key}. Returns true when this transaction inserted it. A concurrent claim of the
     * same key waits for the other transaction and then finds its row: one of two racing repeats runs.
     */
    public Uni<Boolean> claim(String key, String fingerprint) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "INSERT INTO idempotency_key (key, fingerprint, created_at) VALUES (:key, :fingerprint, now())"
                                        + " ON CONFLICT (key) DO NOTHING")
                        .setParameter("key", key)
                        .setParameter("fingerprint", fingerprint)
                        .executeUpdate()
                        .map(inserted -> inserted == 1));
    }

    public Uni<UsedKey> find(String key) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "SELECT fingerprint, response_status, response_body, location, etag FROM idempotency_key WHERE key = :key",
                                Object[].class)
                        .setParameter("key", key)
                        .getSingleResult()
                        .map(row -> new UsedKey(
                                (String) row[0],
                                row[1] == null
                                        ? null
                                        : new StoredResponse(
                                                (Integer) row[1], (String) row[2], (String) row[3], (String) row[4]))));
    }

    /**
     * Records a refused command's answer under its key, unless the key was taken meanwhile: a claim
     * and its completion, in the caller's transaction.
     */
    public Uni<Void> remember(String key, String fingerprint, StoredResponse response) {
        return claim(key, fingerprint)
                .flatMap(claimed ->
                        claimed ? complete(key, response) : Uni.createFrom().voidItem());
    }

    public Uni<Void> complete(String key, StoredResponse response) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "UPDATE idempotency_key SET response_status = :status, response_body = :body,"
                                        + " location = :location, etag = :etag WHERE key = :key")
                        .setParameter("status", response.status())
                        .setParameter("body", response.body())
                        .setParameter("location", response.location())
                        .setParameter("etag", response.etag())
                        .setParameter("key", key)
                        .executeUpdate()
                        .replaceWithVoid());
    }
}
