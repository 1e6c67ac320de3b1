package dev.ledger.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's {@code promtool} (Debian package {@code prometheus}), as the rule tests run it. */
public final class Promtool {

    private Promtool() {}

    /** {@code promtool args...}: "exit <code>" on the first line, then its output. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process promtool;
        try {
            promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed: apt-get install prometheus", e);
        }
        String output = new String(promtool.getInputStream().readAllBytes());
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        return "exit " + promtool.exitValue() + "\n" + output;
    }

    /** {@code promtool test rules file}, failing with promtool's words and the file unless it passes. */
    public static void testRules(Path file, String content) throws IOException, InterruptedException {
        String result = run("test", "rules", file.toString());
        assertTrue(result.startsWith("exit 0"), "promtool test rules " + file + ":\n" + result + "\n" + content);
    }
}
