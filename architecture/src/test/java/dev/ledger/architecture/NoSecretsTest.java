package dev.ledger.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No secret is committed: no private key, no cloud or GitHub token, and no Kubernetes Secret with
 * values. Keys and certificates the tests need are made by the tests (openssl, at run time), and
 * the platform team creates the Secrets (docs/managed-services.md).
 */
class NoSecretsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<Pattern> SECRETS = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("\\bAKIA[0-9A-Z]{16}\\b"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36}\\b"),
            // a Secret's values, up to the end of its YAML document
            Pattern.compile(
                    "^kind:\\s*Secret\\s*$((?!^---).)*?^\\s*(data|stringData):", Pattern.MULTILINE | Pattern.DOTALL));

    /** Argo CD's cluster Secrets as the delivery tests' fixtures: placeholder values, shaped as Argo CD keeps them. */
    private static final String FIXTURE_CLUSTERS = "k8s/src/test/resources/delivery/clusters/";

    @Test
    void shouldCommitNoSecret() throws Exception {
        List<String> found = new ArrayList<>();
        for (String file : trackedFiles()) {
            if (file.startsWith(FIXTURE_CLUSTERS)) {
                continue;
            }
            String text;
            try {
                text = Files.readString(ROOT.resolve(file));
            } catch (MalformedInputException binary) {
                continue;
            }
            for (Pattern secret : SECRETS) {
                if (secret.matcher(text).find()) {
                    found.add(file + ": " + secret.pattern());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static List<String> trackedFiles() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "ls-files", "-z")
                .directory(ROOT.toFile())
                .start();
        String listing = new String(git.getInputStream().readAllBytes());
        if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
            throw new IllegalStateException("git ls-files failed");
        }
        List<String> files = new ArrayList<>();
        for (String file : listing.split("\0")) {
            if (!file.isEmpty() && Files.isRegularFile(ROOT.resolve(file))) {
                files.add(file);
            }
        }
        return files;
    }
}
