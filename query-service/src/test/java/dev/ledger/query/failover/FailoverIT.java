package dev.ledger.query.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ledger.devstack.Callers;
import dev.ledger.devstack.EventPublisher;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.ServiceProcess;
import dev.ledger.devstack.SharedStack;
import dev.ledger.devstack.TestCurrencies;
import dev.ledger.query.projection.Events;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A query replica that crashes (kill -9) leaves the consumer group without saying so. Its partitions
 * stay with it until the group's coordinator misses its heartbeats for {@code session.timeout.ms};
 * then the surviving replica takes them over. The stated bound: the read side lags at most about
 * 15 s more after a crash (a 10 s session timeout plus the rebalance). This test fails with Kafka's
 * default of 45 s: it gives the takeover 30 s.
 */
class FailoverIT {

    private static final String GROUP = "query-service";
    private static final Duration BOUND = Duration.ofSeconds(30);
    /**
     * One consumer per replica, not the three a replica runs: the topic has three partitions here,
     * and with six consumers the crashed replica might hold none of them.
     */
    private static final Map<String, String> ONE_CONSUMER =
            Map.of("mp.messaging.incoming.account-events.concurrency", "1");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceProcess crashing;
    private ServiceProcess surviving;

    @AfterEach
    void stopReplicas() {
        ServiceProcess.closeAll(crashing, surviving);
    }

    @Test
    void shouldHandTheCrashedReplicasPartitionsToTheOtherWithinTheBound() throws Exception {
        LocalStack stack = SharedStack.get();
        crashing = ServiceProcess.start(Path.of("."), LocalStack.QUERY_DATABASE, stack, ONE_CONSUMER);
        surviving = ServiceProcess.start(Path.of("."), LocalStack.QUERY_DATABASE, stack, ONE_CONSUMER);
        try (Admin admin = stack.kafka().admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> assignedMembers(admin) == 2);

            crashing.kill();
            long crashedAt = System.nanoTime();
            List<Events> accounts = onEveryPartition();
            try (EventPublisher publisher = new EventPublisher(stack.kafka().bootstrapServers())) {
                accounts.forEach(account -> publisher.publish(account.opened("failover")));
            }
            await().atMost(BOUND)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> accounts.stream().allMatch(this::projectedBySurvivor));
            System.out.printf(
                    "failover: every partition projected again %d ms after a replica was killed%n",
                    Duration.ofNanos(System.nanoTime() - crashedAt).toMillis());
            assertEquals(1, assignedMembers(admin), "only the surviving replica is left in the group");
        }
    }

    /**
     * Two accounts per partition, chosen by the producer's own partitioning of their keys (the
     * account id), so the crashed replica's partitions certainly get events.
     */
    private static List<Events> onEveryPartition() {
        Map<Integer, List<Events>> byPartition = new HashMap<>();
        while (byPartition.size() < LocalStack.EVENT_PARTITIONS
                || byPartition.values().stream().anyMatch(accounts -> accounts.size() < 2)) {
            Events account = Events.forAccount(TestCurrencies.next());
            byPartition
                    .computeIfAbsent(account.partition(), any -> new ArrayList<>())
                    .add(account);
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    private boolean projectedBySurvivor(Events account) {
        try {
            HttpResponse<Void> read = HTTP.send(
                    Callers.adminRequest(surviving.uri("/accounts/" + account.id()))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return read.statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static long assignedMembers(Admin admin) throws Exception {
        ConsumerGroupDescription group =
                admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
        return group.members().stream()
                .map(MemberDescription::assignment)
                .filter(assignment -> !assignment.topicPartitions().isEmpty())
                .count();
    }
}
