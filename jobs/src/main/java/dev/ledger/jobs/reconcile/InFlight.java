package dev.ledger.jobs.reconcile;

import dev.ledger.command.model.CommandModel;
import dev.ledger.jobs.Connections;
import dev.ledger.jobs.Rows;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Whether an account's missing events are still on their way: unpublished in the outbox (as the
 * command side publishes it), or on the topic beyond what the projection's consumer group has
 * consumed in the account's partition.
 */
final class InFlight {

    private static final String UNPUBLISHED =
            "SELECT account_id FROM " + CommandModel.ACCOUNTS_WITH_UNPUBLISHED_EVENTS + " WHERE account_id = ANY(?)";

    private InFlight() {}

    static Set<UUID> unpublished(Connection commandDatabase, List<UUID> accounts) throws SQLException {
        try (PreparedStatement query = commandDatabase.prepareStatement(UNPUBLISHED)) {
            query.setArray(1, commandDatabase.createArrayOf("uuid", accounts.toArray()));
            return new HashSet<>(Rows.all(query, row -> row.getObject(1, UUID.class)));
        }
    }

    /** Accounts whose partition the group has not consumed to the end. */
    static Set<UUID> unconsumed(Admin admin, Connections.KafkaNames names, List<UUID> accounts) throws Exception {
        String topic = names.eventsTopic();
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(names.consumerGroup())
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        Set<UUID> waiting = new HashSet<>();
        for (UUID account : accounts) {
            TopicPartition partition = new TopicPartition(topic, partitionOf(account, partitions));
            OffsetAndMetadata position = committed.get(partition);
            if (position == null || position.offset() < ends.get(partition).offset()) {
                waiting.add(account);
            }
        }
        return waiting;
    }

    /** The partition Kafka's default partitioner gives a record keyed by this account. */
    static int partitionOf(UUID account, int partitions) {
        return Utils.toPositive(Utils.murmur2(account.toString().getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
