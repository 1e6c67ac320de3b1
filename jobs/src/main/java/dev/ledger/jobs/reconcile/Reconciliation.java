package dev.ledger.jobs.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares the write model with the read model. Pure: the command does the reading and decides,
 * after a re-check, whether an account that is behind is lag (its events are in flight) or drift.
 */
public final class Reconciliation {

    /** What is wrong with one account; {@code query} is null when the read model lacks it. */
    public record Finding(UUID accountId, String reason, AccountState command, AccountState query) {}

    /** Accounts whose read model is only behind (possibly in flight) and those that disagree outright. */
    public record Comparison(List<Finding> behind, List<Finding> drift) {

        public boolean consistent() {
            return behind.isEmpty() && drift.isEmpty();
        }
    }

    private Reconciliation() {}

    public static Comparison compare(Map<UUID, AccountState> command, Map<UUID, AccountState> query) {
        List<Finding> behind = new ArrayList<>();
        List<Finding> drift = new ArrayList<>();
        TreeSet<UUID> ids = new TreeSet<>(command.keySet());
        ids.addAll(query.keySet());
        for (UUID id : ids) {
            AccountState written = command.get(id);
            AccountState read = query.get(id);
            if (written == null) {
                drift.add(new Finding(id, "the read model has an account the write model does not", null, read));
            } else if (read == null) {
                behind.add(new Finding(id, "not in the read model yet", written, null));
            } else if (read.version() < written.version()) {
                behind.add(new Finding(
                        id, "read model at version " + read.version() + " of " + written.version(), written, read));
            } else if (read.version() > written.version()) {
                drift.add(new Finding(id, "read model ahead of the write model", written, read));
            } else if (!read.equals(written)) {
                drift.add(new Finding(id, "same version, different " + difference(written, read), written, read));
            }
        }
        return new Comparison(behind, drift);
    }

    /** Totals per currency that differ between the sides. */
    public static List<String> differingCurrencies(
            Map<String, CurrencyState> command, Map<String, CurrencyState> query) {
        TreeSet<String> currencies = new TreeSet<>(command.keySet());
        currencies.addAll(query.keySet());
        List<String> differing = new ArrayList<>();
        for (String currency : currencies) {
            CurrencyState written = command.getOrDefault(currency, new CurrencyState(0, 0));
            CurrencyState read = query.getOrDefault(currency, new CurrencyState(0, 0));
            if (!written.equals(read)) {
                differing.add(currency);
            }
        }
        return differing;
    }

    private static String difference(AccountState written, AccountState read) {
        List<String> fields = new ArrayList<>();
        if (written.balance() != read.balance()) {
            fields.add("balance");
        }
        if (!written.status().equals(read.status())) {
            fields.add("status");
        }
        if (!written.currency().equals(read.currency())) {
            fields.add("currency");
        }
        return String.join(", ", fields);
    }
}
