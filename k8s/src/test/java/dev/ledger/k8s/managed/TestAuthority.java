package dev.ledger.k8s.managed;

import dev.ledger.k8s.Openssl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority made for one test run with openssl, as a managed provider has one: its
 * certificate ({@code ca.crt}), and a server certificate it signed for {@code localhost} only
 * ({@code server.crt}, key {@code server.key}, readable by its owner only, as PostgreSQL requires),
 * and a client certificate for the role {@link #CLIENT} ({@code client.crt}, {@code client.key}).
 * Also a second, unrelated authority ({@code other-ca.crt}), for a client that trusts the wrong one.
 */
record TestAuthority(Path directory) {

    /** The PostgreSQL role the client certificate ({@code client.crt}, {@code client.key}) logs in as. */
    static final String CLIENT = "ledger_certified";

    static TestAuthority create(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        TestAuthority authority = new TestAuthority(directory.toAbsolutePath());
        authority.selfSigned("ca", "ledger test CA");
        authority.selfSigned("other-ca", "another CA");
        authority.issue(
                "server",
                "localhost",
                List.of("ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
                "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth");
        // RSA: the JDBC driver's PEM key reader (Flyway's connection) takes RSA keys only
        authority.issue("client", CLIENT, List.of("rsa:2048"), "extendedKeyUsage=clientAuth");
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

    Path clientCertificate() {
        return directory.resolve("client.crt");
    }

    Path clientKey() {
        return directory.resolve("client.key");
    }

    /** {@code name}.crt for {@code commonName}, signed by the CA, its key readable by its owner only. */
    private void issue(String name, String commonName, List<String> keyOptions, String extensions)
            throws IOException, InterruptedException {
        Files.writeString(directory.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n" + extensions + "\n");
        List<String> request = new ArrayList<>(List.of("req", "-newkey"));
        request.addAll(keyOptions);
        request.addAll(
                List.of("-nodes", "-subj", "/CN=" + commonName, "-keyout", name + ".key", "-out", name + ".csr"));
        openssl(request);
        openssl(List.of(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                name + ".ext",
                "-out",
                name + ".crt"));
        Files.setPosixFilePermissions(directory.resolve(name + ".key"), PosixFilePermissions.fromString("rw-------"));
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
