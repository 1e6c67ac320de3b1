package dev.ledger.query.projection;

import static org.awaitility.Awaitility.await;

import dev.ledger.contracts.Topics;
import dev.ledger.devstack.SharedStack;
import dev.ledger.query.model.QueryModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far group {@code query-service} has got on {@code ledger.account-events}. The consumer counts
 * a record in the metrics, then acknowledges it, and only acknowledged offsets are committed: once
 * the committed offsets reach the end of every partition, every record published before has been
 * applied, parked or dead-lettered and counted, and none is still in flight to move a counter.
 */
final class ProjectionProgress {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private ProjectionProgress() {}

    /** Waits until the group has committed everything published so far (commits follow every few seconds). */
    static void awaitCaughtUp() {
        try (Admin admin = SharedStack.get().kafka().admin()) {
            await().atMost(PATIENCE).until(() -> caughtUp(admin));
        }
    }

    private static boolean caughtUp(Admin admin) throws Exception {
        List<TopicPartition> partitions = admin
                .describeTopics(List.of(Topics.ACCOUNT_EVENTS))
                .allTopicNames()
                .get()
                .get(Topics.ACCOUNT_EVENTS)
                .partitions()
                .stream()
                .map(partition -> new TopicPartition(Topics.ACCOUNT_EVENTS, partition.partition()))
                .toList();
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest())))
                .all()
                .get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(QueryModel.CONSUMER_GROUP)
                .partitionsToOffsetAndMetadata()
                .get();
        return partitions.stream().allMatch(partition -> {
            OffsetAndMetadata offset = committed.get(partition);
            return (offset == null ? 0 : offset.offset()) >= ends.get(partition).offset();
        });
    }
}
