package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The perf overlay's load CronJob runs bench/'s own wrk scenarios: its copies (kustomize reads no
 * file outside the overlay) are the files bench/*.sh runs on a laptop.
 */
class BenchScenariosTest {

    @ParameterizedTest
    @ValueSource(strings = {"get-account.lua", "transfer.lua"})
    void shouldRunBenchsOwnScenario(String scenario) throws Exception {
        assertEquals(
                Files.readString(Path.of("..", "bench", "scenarios", scenario)),
                Files.readString(Path.of("overlays", "perf", "bench", scenario)),
                "k8s/overlays/perf/bench/" + scenario + " differs from bench/scenarios/" + scenario + ": copy it");
    }
}
