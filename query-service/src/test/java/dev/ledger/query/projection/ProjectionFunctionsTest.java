package dev.ledger.query.projection;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.contracts.AccountEvent;
import dev.ledger.contracts.AccountEventCodec;
import dev.ledger.contracts.AccountOpened;
import dev.ledger.contracts.MoneyDeposited;
import dev.ledger.contracts.MoneyWithdrawn;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.devstack.SharedStack;
import dev.ledger.query.model.QueryModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The SQL projection itself: what it decides for each event, and the races a redelivery or a rebuild can cause. */
@QuarkusTest
@WithTestResource(QueryStackResource.class)
class ProjectionFunctionsTest {

    @Test
    void shouldCountAnAccountOpenedTwiceAtOnceOnlyOnce() throws Exception {
        String currency = Events.uniqueCurrency();
        AccountOpened opened = Events.forAccount(currency).opened("ivan");
        try (Connection first = connect();
                Connection second = connect();
                Connection observer = connect()) {
            first.setAutoCommit(false);
            assertEquals("APPLIED", apply(first, opened));
            // The second delivery waits on the first's uncommitted row, then finds it.
            CompletableFuture<String> racing = CompletableFuture.supplyAsync(() -> {
                try {
                    return apply(second, opened);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock(observer));
            first.commit();
            assertEquals("DUPLICATE", racing.get());
            try (PreparedStatement totals =
                    first.prepareStatement("SELECT open_accounts FROM currency_total WHERE currency = ?")) {
                totals.setString(1, currency);
                try (ResultSet row = totals.executeQuery()) {
                    row.next();
                    assertEquals(1, row.getLong(1));
                }
            }
        }
    }

    /**
     * The projection's decision, event by event: only an account's next version is applied; an
     * older one is a duplicate, a later one a gap, and neither writes anything.
     */
    @Test
    void shouldApplyOnlyTheNextVersionOfAnAccount() throws Exception {
        try (Connection db = connect()) {
            Events account = Events.forAccount(Events.uniqueCurrency());
            AccountOpened opened = account.opened("judy");
            MoneyDeposited second = account.deposited(500);
            MoneyWithdrawn third = account.withdrawn(200);
            assertEquals("GAP", apply(db, second), "a deposit to an account not opened yet");
            assertEquals("APPLIED", apply(db, opened));
            assertEquals("DUPLICATE", apply(db, opened), "the same event again");
            assertEquals("GAP", apply(db, third), "version 3 before version 2");
            assertEquals(List.of(1L, 0L), versionAndBalance(db, account), "what the gap and the duplicate left");
            assertEquals("APPLIED", apply(db, second));
            assertEquals("APPLIED", apply(db, third));
            assertEquals("DUPLICATE", apply(db, second), "an older version");
            assertEquals(List.of(3L, 300L), versionAndBalance(db, account));
        }
    }

    private static List<Long> versionAndBalance(Connection db, Events account) throws Exception {
        try (PreparedStatement state =
                db.prepareStatement("SELECT version, balance FROM " + QueryModel.ACCOUNT_STATE + " WHERE id = ?")) {
            state.setObject(1, account.id().value());
            try (ResultSet row = state.executeQuery()) {
                assertTrue(row.next(), "the account is in the read model");
                return List.of(row.getLong("version"), row.getLong("balance"));
            }
        }
    }

    private static String apply(Connection db, AccountEvent event) throws Exception {
        try (PreparedStatement apply = db.prepareStatement("SELECT projection.apply_to_read_models(?, ?::jsonb)")) {
            apply.setString(1, event.type().ceType());
            apply.setString(2, AccountEventCodec.toJson(event));
            try (ResultSet row = apply.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /**
     * Asked on a connection of its own in autocommit: inside a transaction PostgreSQL shows the
     * same snapshot of pg_stat_activity until it ends, and would never see the wait begin.
     */
    static boolean waitingOnALock(Connection db) throws Exception {
        try (PreparedStatement waiting = db.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query LIKE '%projection.apply%to_read_models%'");
                ResultSet row = waiting.executeQuery()) {
            row.next();
            return row.getLong(1) > 0;
        }
    }

    private static Connection connect() throws Exception {
        return SharedStack.get().postgres().connect("query");
    }
}
