package dev.ledger.command.transfer;

import static dev.ledger.command.account.Accounts.anAccountWith;
import static dev.ledger.devstack.Callers.asAdmin;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.devstack.Callers;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.SharedStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Transfers lock both accounts in one order whatever their direction, so opposite transfers queue
 * instead of deadlocking. Rather than hoping for the dangerous interleaving under load, each test
 * forces it: it holds one account's row itself, lets a transfer queue on it, sends the opposite
 * transfer, watches both wait in pg_stat_activity, and only then lets go. A transfer that locked
 * by direction instead would by then hold the other account, and one of the two would deadlock,
 * every time.
 */
@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class TransferLockOrderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/transfers")
    URI transfers;

    /**
     * a → b queues on a. Locking the sender first, b → a would take b and wait for a, and a → b,
     * once it got a, would wait for b.
     */
    @Test
    void shouldCompleteOppositeTransfersWhenTheFirstWaitsForItsSender() throws Exception {
        UUID a = anAccountWith(1000);
        UUID b = anAccountWith(1000);
        bothCompleteWhileHolding(a, a, b);
        assertAccount(a, 940, 4);
        assertAccount(b, 1060, 4);
    }

    /**
     * b → a queues on a. Locking the recipient first, a → b would take b and wait for a, and b → a,
     * once it got a, would wait for b.
     */
    @Test
    void shouldCompleteOppositeTransfersWhenTheFirstWaitsForItsRecipient() throws Exception {
        UUID a = anAccountWith(1000);
        UUID b = anAccountWith(1000);
        bothCompleteWhileHolding(a, b, a);
        assertAccount(b, 940, 4);
        assertAccount(a, 1060, 4);
    }

    /**
     * Holds {@code held}, sends 100 from {@code x} to {@code y} and, once that waits, 40 back; lets
     * go once both wait, and expects both to be accepted.
     */
    private void bothCompleteWhileHolding(UUID held, UUID x, UUID y) throws Exception {
        // The observer stays in autocommit: inside a transaction pg_stat_activity is one snapshot.
        try (HttpClient http = HttpClient.newHttpClient();
                Connection holder = connect();
                Connection observer = connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM account WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, held);
                lock.executeQuery().close();
            }
            int holderPid = backendPid(holder);

            CompletableFuture<HttpResponse<String>> first = transfer(http, x, y, 100);
            await().atMost(PATIENCE)
                    .until(() -> count(
                                    observer,
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()" + " AND "
                                            + holderPid + " = ANY(pg_blocking_pids(pid))")
                            == 1);
            CompletableFuture<HttpResponse<String>> second = transfer(http, y, x, 40);
            await().atMost(PATIENCE)
                    .until(() -> count(
                                    observer,
                                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                            + " AND cardinality(pg_blocking_pids(pid)) > 0")
                            == 2);
            holder.rollback();

            HttpResponse<String> firstDone = first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            HttpResponse<String> secondDone = second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(201, firstDone.statusCode(), firstDone.body());
            assertEquals(201, secondDone.statusCode(), secondDone.body());
        }
    }

    private CompletableFuture<HttpResponse<String>> transfer(HttpClient http, UUID from, UUID to, long amount) {
        String body = "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":" + amount + "}";
        return http.sendAsync(
                Callers.adminRequest(transfers)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAccount(UUID id, long balance, long version) {
        asAdmin()
                .get("/accounts/{id}", id)
                .then()
                .statusCode(200)
                .body("balance", equalTo((int) balance), "version", equalTo((int) version));
    }

    private static Connection connect() throws Exception {
        return SharedStack.get().postgres().connect(LocalStack.COMMAND_DATABASE);
    }

    private static int backendPid(Connection db) throws Exception {
        return (int) count(db, "SELECT pg_backend_pid()");
    }

    private static long count(Connection db, String sql) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql);
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
