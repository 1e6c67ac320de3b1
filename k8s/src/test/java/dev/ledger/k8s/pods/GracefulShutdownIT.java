package dev.ledger.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Stopping the command pod as the kubelet does (SIGTERM, then SIGKILL after
 * terminationGracePeriodSeconds) lets a request in flight finish. The request is held in flight
 * deterministically: the test holds its account's row lock and waits until PostgreSQL shows the
 * request's transaction waiting for it.
 */
@ResourceLock(Podman.PODS)
class GracefulShutdownIT {

    private static final int SIGKILLED = 137;
    /** What Quarkus logs once SIGTERM arrived and quarkus.shutdown.timeout is set. */
    private static final String DRAINING = "Waiting for HTTP requests to complete";

    @Test
    void shouldFinishARequestInFlightAndExitWithinTheGracePeriod() throws Exception {
        try (LedgerPods ledger = LedgerPods.start()) {
            ServicePod command = ledger.playService("ledger-command");
            String id = command.post("/accounts", Map.of("owner", "drain", "currency", "EUR"), 201)
                    .path("id")
                    .asText();
            int grace = command.template()
                    .path("spec")
                    .path("terminationGracePeriodSeconds")
                    .asInt();
            assertTrue(grace > 0, "the manifest sets no terminationGracePeriodSeconds");

            try (Connection holder = ledger.stack.postgres().connect("command");
                    Connection observer = ledger.stack.postgres().connect("command")) {
                holder.setAutoCommit(false);
                lockAccount(holder, id);
                CompletableFuture<HttpResponse<String>> deposit = ServicePod.HTTP.sendAsync(
                        command.postJson("/accounts/" + id + "/deposits", Map.of("amount", 700)),
                        HttpResponse.BodyHandlers.ofString());
                awaitBlockedBy(observer, backendPid(holder));

                long signalled = System.nanoTime();
                Process stop = Podman.start("stop", "--time", String.valueOf(grace), command.container());
                awaitDraining(command);
                holder.commit(); // the deposit may take the lock now

                HttpResponse<String> answer = deposit.get(grace, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals(
                        700,
                        ServicePod.JSON.readTree(answer.body()).path("balance").asLong());

                assertTrue(stop.waitFor(grace + 15L, TimeUnit.SECONDS), "podman stop did not return");
                Duration stopped = Duration.ofNanos(System.nanoTime() - signalled);
                int exitCode =
                        Integer.parseInt(Podman.ok("inspect", "--format", "{{.State.ExitCode}}", command.container()));
                System.out.printf(
                        "pods: ledger-command exited %d, %.1f s after SIGTERM (grace %d s)%n",
                        exitCode, stopped.toMillis() / 1000.0, grace);
                assertNotEquals(
                        SIGKILLED,
                        exitCode,
                        "the JVM was killed after the grace period:\n" + Podman.logs(command.container()));
                assertTrue(stopped.compareTo(Duration.ofSeconds(grace)) < 0, "stopped after " + stopped);
                assertEquals(700, balance(observer, id), "the deposit was not committed");
            }
        }
    }

    private static void lockAccount(Connection holder, String id) throws SQLException {
        try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM account WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, UUID.fromString(id));
            try (ResultSet row = lock.executeQuery()) {
                assertTrue(row.next(), "no account " + id);
            }
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Waits until some session of the command database waits for a lock that {@code holderPid} holds. */
    private static void awaitBlockedBy(Connection observer, int holderPid) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (PreparedStatement blocked = observer.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
            blocked.setInt(1, holderPid);
            while (true) {
                try (ResultSet row = blocked.executeQuery()) {
                    row.next();
                    if (row.getInt(1) > 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the deposit never waited for the account's lock");
                Thread.sleep(20);
            }
        }
    }

    /**
     * Waits until Quarkus says it is draining. New connections are no sign: from SIGTERM on, the
     * server leaves them unanswered in the accept queue until it closes (in a cluster the endpoint
     * is already gone by then, after the preStop pause).
     */
    private static void awaitDraining(ServicePod service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Podman.logs(service.container()).contains(DRAINING)) {
            assertTrue(System.nanoTime() < deadline, "no '" + DRAINING + "' within 30 s of SIGTERM");
            Thread.sleep(50);
        }
    }

    private static long balance(Connection connection, String id) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
            read.setObject(1, UUID.fromString(id));
            try (ResultSet row = read.executeQuery()) {
                assertTrue(row.next());
                return row.getLong(1);
            }
        }
    }
}
