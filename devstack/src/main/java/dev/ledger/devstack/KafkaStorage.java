package dev.ledger.devstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a KRaft log directory, as {@code kafka-storage.sh format} does, through the library
 * class that tool uses (its {@code main} would call {@code System.exit}). Kept apart because this
 * API moves between Kafka releases.
 */
final class KafkaStorage {

    private KafkaStorage() {}

    /** Formats {@code logDirectory} unless an earlier start already did. */
    static void formatIfNeeded(Path logDirectory, int nodeId) throws Exception {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Files.createDirectories(logDirectory);
        new Formatter()
                .setNodeId(nodeId)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDirectory.toString()))
                .setMetadataLogDirectory(logDirectory.toString())
                .setControllerListenerName(KafkaBroker.CONTROLLER_LISTENER)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .run();
    }
}
