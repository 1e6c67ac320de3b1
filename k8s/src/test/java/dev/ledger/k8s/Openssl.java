package dev.ledger.k8s;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line in a folder, for the tests' certificates; fails with its output. */
public final class Openssl {

    private Openssl() {}

    /**
     * A self-signed P-256 certificate {@code name}.crt with its unencrypted key {@code name}.key,
     * valid for two days, with these {@code -addext} extensions.
     */
    public static void selfSigned(Path directory, String name, String subject, String... extensions)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-days",
                "2",
                "-subj",
                subject));
        for (String extension : extensions) {
            arguments.addAll(List.of("-addext", extension));
        }
        arguments.addAll(List.of("-keyout", name + ".key", "-out", name + ".crt"));
        run(directory, arguments);
    }

    public static void run(Path directory, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(arguments);
        Process openssl = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl " + arguments.get(0) + " failed:\n" + output);
        }
    }
}
