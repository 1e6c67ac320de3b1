package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrationTestParallelismTest {

    private static final IntegrationTestParallelism STRATEGY = new IntegrationTestParallelism();

    @Test
    void shouldRunTwoClassesAtOnceOnlyWhileEveryStackHasServersOfItsOwn() {
        assumeTrue(
                System.getenv().keySet().stream().noneMatch(name -> name.startsWith("DEVSTACK_")),
                "a DEVSTACK_* variable is set here");
        assertEquals(2, classesAtOnce());
        Map<String, String> shared = Map.of(
                "devstack.postgres.url", "jdbc:postgresql://db:5432/postgres",
                "devstack.kafka.bootstrap-servers", "kafka:9092",
                "devstack.postgres.port", "15432",
                "devstack.kafka.port", "19092",
                "devstack.data-dir", "target/one-devstack");
        shared.forEach((setting, value) -> {
            System.setProperty(setting, value);
            try {
                assertEquals(1, classesAtOnce(), setting);
            } finally {
                System.clearProperty(setting);
            }
        });
    }

    private static int classesAtOnce() {
        return STRATEGY.createConfiguration(null).getParallelism();
    }
}
