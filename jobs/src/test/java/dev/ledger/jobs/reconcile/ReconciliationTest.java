package dev.ledger.jobs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private static AccountState state(UUID id, long balance, long version) {
        return new AccountState(id, "EUR", balance, version, "OPEN");
    }

    @Test
    void shouldFindNothingWhenBothSidesAgree() {
        assertTrue(Reconciliation.compare(Map.of(A, state(A, 5, 2)), Map.of(A, state(A, 5, 2)))
                .consistent());
    }

    @Test
    void shouldCallAnAccountThatIsOnlyBehindBehind() {
        var comparison =
                Reconciliation.compare(Map.of(A, state(A, 9, 3), B, state(B, 0, 1)), Map.of(A, state(A, 5, 2)));
        assertEquals(
                List.of(A, B),
                comparison.behind().stream()
                        .map(Reconciliation.Finding::accountId)
                        .toList());
        assertTrue(comparison.drift().isEmpty());
    }

    @Test
    void shouldCallDisagreementAtTheSameVersionDrift() {
        var comparison = Reconciliation.compare(Map.of(A, state(A, 9, 3)), Map.of(A, state(A, 8, 3)));
        assertEquals(
                "same version, different balance", comparison.drift().get(0).reason());
    }

    @Test
    void shouldCallAReadModelAheadOrInventedDrift() {
        var comparison =
                Reconciliation.compare(Map.of(A, state(A, 9, 3)), Map.of(A, state(A, 9, 4), B, state(B, 1, 1)));
        assertEquals(2, comparison.drift().size());
    }

    @Test
    void shouldListCurrenciesWhoseTotalsDiffer() {
        assertEquals(
                List.of("USD"),
                Reconciliation.differingCurrencies(
                        Map.of("EUR", new CurrencyState(10, 1), "USD", new CurrencyState(5, 1)),
                        Map.of("EUR", new CurrencyState(10, 1))));
    }
}
