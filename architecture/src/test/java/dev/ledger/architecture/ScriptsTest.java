package dev.ledger.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shell script of the project passes shellcheck (settings in .shellcheckrc). CI installs
 * shellcheck; elsewhere the test runs where it is installed.
 */
class ScriptsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SHEBANG = Pattern.compile("#!\\s*\\S*(/|/env\\s+)(ba)?sh\\b.*");

    @Test
    void shouldPassShellcheck() throws Exception {
        boolean installed =
                new ProcessBuilder("sh", "-c", "command -v shellcheck").start().waitFor() == 0;
        assumeTrue(installed || "true".equals(System.getenv("CI")), "shellcheck is not installed");
        List<String> command = new ArrayList<>(List.of("shellcheck"));
        command.addAll(scripts());
        Path output = Files.createTempFile("shellcheck-", ".txt");
        try {
            Process shellcheck = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!shellcheck.waitFor(120, TimeUnit.SECONDS)) {
                shellcheck.destroyForcibly().waitFor();
                throw new AssertionError("shellcheck took over 120 s");
            }
            assertEquals(0, shellcheck.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * .ci/run and .ci/install-tools, bin/*, and the shell scripts of bin/lib, bench (run, compare,
     * table and the *.sh) and bench/chaos, and
     * every shell script under tools/ (the kubectl plugins, their tests and the bats files),
     * delivery/ (the promote script; the Tekton steps' inline scripts are checked by k8s's
     * DeliveryScriptsTest) and k8s/overlays/ (the perf load's script), outside target/; not the
     * generated Maven wrapper.
     */
    private static List<String> scripts() throws IOException {
        List<String> scripts = new ArrayList<>(List.of(".ci/run", ".ci/install-tools"));
        for (String folder : List.of("bin", "bin/lib", "bench", "bench/chaos")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(folder))) {
                List<Path> candidates =
                        files.filter(Files::isRegularFile).sorted().toList();
                for (Path file : candidates) {
                    if (folder.equals("bin") || isShellScript(file)) {
                        scripts.add(ROOT.relativize(file).toString());
                    }
                }
            }
        }
        for (String folder : List.of("tools", "delivery", "k8s/overlays")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(folder))) {
                List<Path> candidates = files.filter(Files::isRegularFile)
                        .filter(file -> !isBuildOutput(ROOT.relativize(file)))
                        .sorted()
                        .toList();
                for (Path file : candidates) {
                    if (isShellScript(file)) {
                        scripts.add(ROOT.relativize(file).toString());
                    }
                }
            }
        }
        assertFalse(scripts.size() < 5, "found too few scripts: " + scripts);
        assertTrue(scripts.contains("tools/kubectl/kubectl-acd_spy"), "found no kubectl plugin: " + scripts);
        assertTrue(scripts.contains("bench/run"), "found no bench/run: " + scripts);
        assertTrue(
                scripts.contains("delivery/tekton/scripts/gitops-promote.sh"), "found no delivery script: " + scripts);
        return scripts;
    }

    private static boolean isBuildOutput(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals("target")) {
                return true;
            }
        }
        return false;
    }

    /** A .sh, .bash or .bats file, or one whose first line starts a shell (#!/usr/bin/env bash). */
    private static boolean isShellScript(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".sh") || name.endsWith(".bash") || name.endsWith(".bats")) {
            return true;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        String firstLine = new String(head, StandardCharsets.ISO_8859_1)
                .lines()
                .findFirst()
                .orElse("");
        return SHEBANG.matcher(firstLine).matches();
    }
}
