import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Opens the accounts the load moves money between, each with the same opening deposit, before any
 * fault; then waits until both query replicas show them all, so the projection runs before the load
 * and the faults start.
 */
final class AccountSetup {

    static final long OPENING_DEPOSIT = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccountSetup() {}

    static List<UUID> open(CommandApi commands, QueryApi queries, List<PackagedService> replicas, int count)
            throws IOException, InterruptedException {
        Random jitter = new Random(0);
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Answer opened = expect(
                    201,
                    commands.deliver(
                            "/accounts",
                            "{\"owner\":\"chaos-" + i + "\",\"currency\":\"EUR\"}",
                            UUID.randomUUID().toString(),
                            jitter));
            UUID account =
                    UUID.fromString(JSON.readTree(opened.body()).get("id").asText());
            expect(
                    200,
                    commands.deliver(
                            "/accounts/" + account + "/deposits",
                            "{\"amount\":" + OPENING_DEPOSIT + "}",
                            UUID.randomUUID().toString(),
                            jitter));
            accounts.add(account);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (PackagedService replica : replicas) {
            for (UUID account : accounts) {
                while (queries.account(replica, account)
                        .map(state -> state.version() < 2)
                        .orElse(true)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                replica.name() + " does not show account " + account + " after 2 minutes");
                    }
                    Thread.sleep(100);
                }
            }
        }
        return List.copyOf(accounts);
    }

    private static Answer expect(int status, CommandApi.Delivery delivery) {
        if (delivery.answer().status() != status) {
            throw new IllegalStateException("setting up the accounts, expected " + status + ", got " + delivery.answer()
                    + " after " + delivery.attempts() + " attempt(s)");
        }
        return delivery.answer();
    }
}
