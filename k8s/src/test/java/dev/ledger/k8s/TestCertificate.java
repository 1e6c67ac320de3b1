package dev.ledger.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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
        Openssl.selfSigned(directory, "tls", "/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Files.move(directory.resolve("tls.crt"), directory.resolve(CERTIFICATE), StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                directory.resolve("tls.key"),
                directory.resolve(CERTIFICATE + ".key"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String file : new String[] {CERTIFICATE, CERTIFICATE + ".key"}) {
            Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        return directory;
    }
}
