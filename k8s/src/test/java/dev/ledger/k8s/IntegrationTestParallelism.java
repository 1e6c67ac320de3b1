package dev.ledger.k8s;

import dev.ledger.devstack.StackSettings;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfigurationStrategy;

/**
 * How many integration test classes run at once (named in the failsafe configuration): two, each
 * with a stack of its own on free ports, so that one's waits (a scrape, an alert's {@code for:}, a
 * pod) overlap the other's work. One at a time while the devstack settings (docs/running.md) name
 * servers to share, a fixed port or a data directory: two stacks would then share databases, a
 * topic and consumer groups, or fail to bind the same port.
 */
public final class IntegrationTestParallelism implements ParallelExecutionConfigurationStrategy {

    private static final int CLASSES_AT_ONCE = 2;

    @Override
    public ParallelExecutionConfiguration createConfiguration(ConfigurationParameters parameters) {
        return new AtOnce(stacksOfTheirOwn() ? CLASSES_AT_ONCE : 1);
    }

    static boolean stacksOfTheirOwn() {
        Path ownDirectory = Path.of("own").toAbsolutePath();
        StackSettings settings = StackSettings.forTests(ownDirectory);
        return settings.dataDirectory().equals(ownDirectory)
                && settings.postgresPort() == 0
                && settings.kafkaPort() == 0
                && settings.existingPostgres().isEmpty()
                && settings.existingKafka().isEmpty();
    }

    /**
     * A pool of exactly {@code classes} threads: none added while a test waits, and a task that would
     * need one (a pod test waiting for the pods lock) waits instead.
     */
    private record AtOnce(int classes) implements ParallelExecutionConfiguration {

        @Override
        public int getParallelism() {
            return classes;
        }

        @Override
        public int getMinimumRunnable() {
            return classes;
        }

        @Override
        public int getMaxPoolSize() {
            return classes;
        }

        @Override
        public int getCorePoolSize() {
            return classes;
        }

        @Override
        public int getKeepAliveSeconds() {
            return 30;
        }

        @Override
        public Predicate<? super ForkJoinPool> getSaturatePredicate() {
            return pool -> true;
        }
    }
}
