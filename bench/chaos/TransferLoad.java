import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A steady load of transfers from clients on virtual threads, paced together to a rate. Each
 * transfer gets a fresh Idempotency-Key, reused for every retry; a few settled transfers are sent
 * once more, as by a client that lost the answer. Amounts go up to a third of an opening balance,
 * so some transfers are refused for insufficient funds and their refusals must repeat too.
 */
final class TransferLoad {

    private static final long MAX_AMOUNT = AccountSetup.OPENING_DEPOSIT / 3;
    private static final double REPEAT_SHARE = 0.05;

    private final CommandApi api;
    private final List<UUID> accounts;
    private final Outcomes outcomes;
    private final long seed;
    private final int clients;
    private final long intervalNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** @param rate transfers per second, all clients together */
    TransferLoad(CommandApi api, List<UUID> accounts, Outcomes outcomes, long seed, int clients, int rate) {
        this.api = api;
        this.accounts = accounts;
        this.outcomes = outcomes;
        this.seed = seed;
        this.clients = clients;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) * clients / rate;
    }

    void start() {
        for (int client = 0; client < clients; client++) {
            // each client's choices follow from the seed, so a run can be repeated
            Random random = new Random(seed + client);
            threads.add(Thread.ofVirtual().name("client-" + client).start(() -> transferUntilStopped(random)));
        }
    }

    /** Stops starting transfers and waits for those under way to settle (answered, or given up). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void transferUntilStopped(Random random) {
        long next = System.nanoTime();
        try {
            while (running) {
                int from = random.nextInt(accounts.size());
                int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
                Outcomes.TransferRequest request = new Outcomes.TransferRequest(
                        UUID.randomUUID().toString(),
                        accounts.get(from),
                        accounts.get(to),
                        1 + random.nextLong(MAX_AMOUNT));
                outcomes.starting();
                CommandApi.Delivery delivery = api.deliver("/transfers", request.json(), request.key(), random);
                outcomes.settled(request, delivery);
                if (delivery.answer().decided() && random.nextDouble() < REPEAT_SHARE) {
                    outcomes.repeated(request.key(), api.deliver("/transfers", request.json(), request.key(), random));
                }
                next = Math.max(next + intervalNanos, System.nanoTime());
                TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
