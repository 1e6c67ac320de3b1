package dev.ledger.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost, made with openssl, in the files the proxy reads from its
 * TLS Secret: {@code tls.pem} and its key {@code tls.pem.key}, readable by the proxy's user.
 */
public final class TestCertificate {

    public static final String CERTIFICATE = "tls.pem";

    private TestCertificate() {}

    /** Writes the pair into {@code directory} and returns the directory. */
    public static Path create(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Process openssl = new ProcessBuilder(
                        "openssl",
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
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout",
                        directory.resolve(CERTIFICATE + ".key").toString(),
                        "-out",
                        directory.resolve(CERTIFICATE).toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl could not make a test certificate:\n" + output);
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String file : new String[] {CERTIFICATE, CERTIFICATE + ".key"}) {
            Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        return directory;
    }
}
