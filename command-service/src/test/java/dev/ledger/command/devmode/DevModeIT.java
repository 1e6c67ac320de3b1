package dev.ledger.command.devmode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ledger.devstack.ChildProcess;
import dev.ledger.devstack.DevstackMain;
import dev.ledger.devstack.FreePorts;
import dev.ledger.devstack.RunningStack;
import dev.ledger.devstack.StackDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quarkus:dev} with nothing else running, driven for real: the command docs/inner-loop.md
 * gives for a fresh clone, from the repository root, in a Maven process of its own. The project's
 * Dev Service (ledger-devservices) must start the local stack and hand command-service its
 * database, Kafka and token keys; the service then answers ready, shows the stack on its Dev UI card
 * and takes a command.
 *
 * <p>The stack runs in a directory of its own, on free ports, so that a {@code bin/dev} running
 * beside the build is neither used nor disturbed.
 */
class DevModeIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(5);
    /** The stack's token for its owner, DevstackMain.DEV_OWNER, as a writer. */
    private static final Pattern WRITER_TOKEN = Pattern.compile("(?m)^LEDGER_WRITER_TOKEN='([^']+)'$");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldAnswerReadyAndTakeACommandWithTheStackItsDevServiceStarted(@TempDir Path stackDirectory)
            throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        int port = FreePorts.any();
        URI service = URI.create("http://localhost:" + port);
        ProcessBuilder devMode = new ProcessBuilder(List.of(
                        root.resolve("mvnw").toString(),
                        "-B",
                        // the build's local repository (failsafe passes it); Maven's default where none is given
                        "-Dmaven.repo.local="
                                + System.getProperty(
                                        "localRepository",
                                        Path.of(System.getProperty("user.home"), ".m2", "repository")
                                                .toString()),
                        "-pl",
                        "command-service",
                        "-am",
                        "test-compile",
                        "quarkus:dev",
                        // checked by the build this test runs in; only the time to ready is spared
                        "-Dspotless.check.skip=true",
                        "-Denforcer.skip=true",
                        "-Dquarkus.http.port=" + port,
                        "-Ddebug=false",
                        "-Dquarkus.console.enabled=false",
                        "-Dquarkus.analytics.disabled=true"))
                .directory(root.toFile());
        devMode.environment().put("JAVA_HOME", System.getProperty("java.home"));
        devMode.environment().put("DEVSTACK_DATA_DIR", stackDirectory.toString());
        devMode.environment().put("DEVSTACK_POSTGRES_PORT", "0");
        devMode.environment().put("DEVSTACK_KAFKA_PORT", "0");
        devMode.environment().put("DEVSTACK_TOKENS_PORT", String.valueOf(FreePorts.any()));
        devMode.environment().put("DEVSTACK_TRACES_PORT", String.valueOf(FreePorts.any()));
        Path log = Path.of("target", "dev-mode-it.log").toAbsolutePath();

        StackDirectory stack = new StackDirectory(stackDirectory);
        // closing stops the application dev mode runs, then Maven, then the stack the application started
        try (ChildProcess maven = ChildProcess.start(devMode, log)) {
            maven.awaitOk(service.resolve("/q/health/ready"), READY_WITHIN);

            assertTrue(Files.exists(stack.log()), "the Dev Service did not start the stack in " + stackDirectory);
            RunningStack running =
                    stack.running().orElseThrow(() -> new AssertionError("no running stack in " + stack.stateFile()));

            // the Dev UI card's table: where the service's database and Kafka run
            HttpResponse<String> card = HTTP.send(
                    HttpRequest.newBuilder(service.resolve("/q/dev-ui/ledger-devservices-data.js"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, card.statusCode());
            assertTrue(card.body().contains(running.jdbcUrl("{command,query}")), card.body());
            assertTrue(card.body().contains(running.kafkaBootstrapServers()), card.body());

            HttpResponse<String> opened = HTTP.send(
                    HttpRequest.newBuilder(service.resolve("/accounts"))
                            .header("Authorization", "Bearer " + writerToken(stackDirectory))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"owner\":\"" + DevstackMain.DEV_OWNER + "\",\"currency\":\"EUR\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, opened.statusCode(), opened.body());
        }
    }

    private static String writerToken(Path stackDirectory) throws IOException {
        Matcher token = WRITER_TOKEN.matcher(Files.readString(stackDirectory.resolve("tokens.env")));
        assertTrue(token.find(), "no LEDGER_WRITER_TOKEN in tokens.env");
        return token.group(1);
    }
}
