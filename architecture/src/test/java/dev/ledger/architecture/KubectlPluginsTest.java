package dev.ledger.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kubectl plugins in tools/kubectl pass their bats tests (tools/kubectl/test/run.sh): each dry
 * run against a fake API server, and the tcpdump and jcmd commands run for real. CI installs bats,
 * GNU parallel, tcpdump and tshark; elsewhere the test runs where they are installed. The capture
 * and pod tests need root, and are skipped (and say so) without it.
 */
class KubectlPluginsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldPassTheirBatsTests() throws Exception {
        boolean installed = new ProcessBuilder(
                                "sh",
                                "-c",
                                "command -v bats && command -v parallel && command -v tcpdump && command -v tshark")
                        .start()
                        .waitFor()
                == 0;
        assumeTrue(
                installed || "true".equals(System.getenv("CI")), "bats, parallel, tcpdump or tshark is not installed");
        Path output = Files.createTempFile("kubectl-plugins-", ".txt");
        try {
            Process run = new ProcessBuilder("tools/kubectl/test/run.sh")
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            run.getOutputStream().close();
            if (!run.waitFor(300, TimeUnit.SECONDS)) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly().waitFor();
                throw new AssertionError("tools/kubectl/test/run.sh took over 300 s:\n" + read(output));
            }
            assertEquals(0, run.exitValue(), read(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String read(Path output) throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }
}
