package dev.ledger.k8s.managed;

import dev.ledger.k8s.Openssl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A certificate authority made for one test run with openssl, as a managed provider has one: its
 * certificate ({@code ca.crt}), and a server certificate it signed for {@code localhost} only
 * ({@code server.crt}, key {@code server.key}, readable by its owner only, as PostgreSQL requires).
 * Also a second, unrelated authority ({@code other-ca.crt}), for a client that trusts the wrong one.
 */
record TestAuthority(Path directory) {

    static TestAuthority create(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        TestAuthority authority = new TestAuthority(directory.toAbsolutePath());
        authority.selfSigned("ca", "ledger test CA");
        authority.selfSigned("other-ca", "another CA");
        Files.writeString(
                directory.resolve("server.ext"),
                "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        authority.openssl(List.of(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                "server.key",
                "-out",
                "server.csr"));
        authority.openssl(List.of(
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.crt"));
        Files.setPosixFilePermissions(directory.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        return authority;
    }

    Path certificate() {
        return directory.resolve("ca.crt");
    }

    Path otherCertificate() {
        return directory.resolve("other-ca.crt");
    }

    Path serverCertificate() {
        return directory.resolve("server.crt");
    }

    Path serverKey() {
        return directory.resolve("server.key");
    }

    private void selfSigned(String name, String commonName) throws IOException, InterruptedException {
        Openssl.selfSigned(
                directory,
                name,
                "/CN=" + commonName,
                "basicConstraints=critical,CA:TRUE",
                "keyUsage=critical,keyCertSign,cRLSign");
    }

    private void openssl(List<String> arguments) throws IOException, InterruptedException {
        Openssl.run(directory, arguments);
    }
}
