package dev.ledger.k8s.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ledger.k8s.Manifests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Task gitops-promote's script, run for real: against a bare repository holding this
 * repository's k8s/ folder, with git, with kubectl kustomize rendering the result, and with argocd
 * stubbed on the PATH (it records its arguments and answers like the CLI).
 */
class GitopsPromoteTest {

    private static final String COMMAND = "ghcr.io/acd-reference/ledger-command";
    private static final String QUERY = "ghcr.io/acd-reference/ledger-query";
    private static final String JOBS = "ghcr.io/acd-reference/ledger-jobs";
    private static final String A = "sha256:" + "a1".repeat(32);
    private static final String B = "sha256:" + "b2".repeat(32);
    private static final String C = "sha256:" + "c3".repeat(32);

    @TempDir
    Path dir;

    private Path origin;
    private Path checkout;
    private String seed;

    @BeforeEach
    void repository() throws Exception {
        origin = dir.resolve("origin.git");
        git(dir, "init", "--quiet", "--bare", "--initial-branch=main", origin.toString());
        Path seeding = dir.resolve("seed");
        git(dir, "clone", "--quiet", origin.toString(), seeding.toString());
        for (String folder : List.of("base", "components", "overlays")) {
            copy(Path.of(folder), seeding.resolve("k8s").resolve(folder));
        }
        git(seeding, "add", "-A");
        git(seeding, "commit", "--quiet", "-m", "seed");
        git(seeding, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        seed = git(origin, "rev-parse", "main");
        checkout = dir.resolve("checkout");
        git(dir, "clone", "--quiet", origin.toString(), checkout.toString());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("argocd"), """
            #!/usr/bin/env bash
            # argocd, stubbed: records each call, answers as the CLI would for a healthy app.
            printf '%s\\n' "$*" >> "$ARGOCD_LOG"
            case "$1 $2" in
                "app get")
                    if [ "$STUB_AUTOMATED" = true ]; then
                        echo '{"spec": {"syncPolicy": {"automated": {"prune": true, "selfHeal": true}}}}'
                    else
                        echo '{"spec": {"syncPolicy": {"syncOptions": ["RespectIgnoreDifferences=true"]}}}'
                    fi ;;
                "app sync") echo "Message:            successfully synced (all tasks run)" ;;
                "app wait") echo "Health Status:      Healthy" ;;
                "app resources")
                    echo "GROUP        KIND        NAMESPACE  NAME          ORPHANED"
                    echo "apps         Deployment  ledger     ledger-query  No"
                    if [ "$STUB_CANARY" = true ]; then
                        echo "flagger.app  Canary      ledger     ledger-query  No"
                    fi ;;
                *) echo "argocd stub: unexpected call: $*" >&2; exit 2 ;;
            esac
            """);
        assertTrue(bin.resolve("argocd").toFile().setExecutable(true));
        Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(dir.resolve("credentials"));
    }

    @Test
    void shouldPinTheDigestsInOneCommitAndSyncThatCommit() throws Exception {
        Result result = promote(Map.of(
                "IMAGE_URL", COMMAND + ":0a1b2c " + QUERY + ":0a1b2c " + JOBS + ":0a1b2c",
                "IMAGE_DIGEST", A + " " + B + " " + C));
        assertEquals(0, result.exit(), result.output());

        assertEquals(List.of(result.commit()), commitsSinceSeed("main"), "exactly one commit on main");
        assertEquals(
                List.of(
                        "k8s/overlays/dev/images/ledger-command.yaml",
                        "k8s/overlays/dev/images/ledger-jobs.yaml",
                        "k8s/overlays/dev/images/ledger-query.yaml"),
                git(origin, "diff", "--name-only", seed, "main")
                        .lines()
                        .sorted()
                        .toList());

        List<String> images = images(result.commit(), "k8s/overlays/dev");
        assertTrue(images.contains(COMMAND + "@" + A), images.toString());
        assertTrue(images.contains(QUERY + "@" + B), images.toString());
        assertTrue(images.contains(JOBS + "@" + C), images.toString());
        assertTrue(
                images.stream()
                        .noneMatch(image ->
                                image.startsWith("ghcr.io/acd-reference/ledger-") && !image.contains("@sha256:")),
                "every ledger image by digest: " + images);

        assertEquals(
                List.of(
                        "app get ledger-dev -o json",
                        "app sync ledger-dev --revision " + result.commit() + " --timeout 900",
                        "app wait ledger-dev --sync --health --timeout 900",
                        "app resources ledger-dev"),
                result.argocd());
        assertEquals("", result.branch());
    }

    @Test
    void shouldCommitNothingWhenTheDigestsAreThereAlready() throws Exception {
        Map<String, String> env = Map.of("IMAGE_URL", QUERY, "IMAGE_DIGEST", B);
        Result first = promote(env);
        Result second = promote(env);
        assertEquals(0, second.exit(), second.output());
        assertEquals(List.of(first.commit()), commitsSinceSeed("main"), "the second run committed nothing");
        assertEquals(first.commit(), second.commit(), "the result is the commit already there");
        assertTrue(second.argocd().contains("app sync ledger-dev --revision " + first.commit() + " --timeout 900"));
    }

    @Test
    void shouldLetAnAutomatedApplicationSyncItsBranchAndWaitForItsCanary() throws Exception {
        Result result = promote(Map.of(
                "IMAGE_URL", QUERY,
                "IMAGE_DIGEST", B,
                "OVERLAY_PATH", "k8s/overlays/stage",
                "APP_NAME", "ledger-stage",
                "STUB_AUTOMATED", "true",
                "STUB_CANARY", "true"));
        assertEquals(0, result.exit(), result.output());
        assertEquals(
                List.of(
                        "app get ledger-stage -o json",
                        // Argo CD refuses --revision while automated sync is on; the branch holds the commit
                        "app sync ledger-stage --timeout 900",
                        "app wait ledger-stage --sync --health --timeout 900",
                        "app resources ledger-stage",
                        "app wait ledger-stage --resource flagger.app:Canary:ledger-query --health --timeout 900"),
                result.argocd());
        assertTrue(images(result.commit(), "k8s/overlays/stage").contains(QUERY + "@" + B));
    }

    @Test
    void shouldProposeAPullRequestBranchAndLeaveMainAlone() throws Exception {
        Map<String, String> env = Map.of(
                "IMAGE_URL", COMMAND + " " + QUERY + " " + JOBS,
                "IMAGE_DIGEST", A + " " + B + " " + C,
                "OVERLAY_PATH", "k8s/overlays/prod",
                "APP_NAME", "ledger-prod",
                "MODE", "pull-request");
        Result first = promote(env);
        assertEquals(0, first.exit(), first.output());
        assertEquals(seed, git(origin, "rev-parse", "main"), "main is untouched until the pull request is merged");
        assertEquals("promote/ledger-prod", first.branch());
        assertEquals(first.commit(), git(origin, "rev-parse", "promote/ledger-prod"));
        assertEquals(List.of(first.commit()), commitsSinceSeed("promote/ledger-prod"));
        assertEquals(List.of(), first.argocd(), "prod is synced by a person, after the merge");
        assertTrue(images(first.commit(), "k8s/overlays/prod").contains(JOBS + "@" + C));

        Result again = promote(env);
        assertEquals(0, again.exit(), again.output());
        assertEquals(first.commit(), again.commit(), "the open pull request's branch already pins them");
        assertEquals(first.commit(), git(origin, "rev-parse", "promote/ledger-prod"));
    }

    @Test
    void shouldRefuseImagesWithoutTheirDigestsOrPins() throws Exception {
        Result unpaired = promote(Map.of("IMAGE_URL", COMMAND + " " + QUERY, "IMAGE_DIGEST", A));
        assertNotEquals(0, unpaired.exit());
        assertTrue(unpaired.output().contains("as many images as digests"), unpaired.output());

        Result tag = promote(Map.of("IMAGE_URL", COMMAND, "IMAGE_DIGEST", "latest"));
        assertNotEquals(0, tag.exit());

        Result unknown = promote(Map.of("IMAGE_URL", "ghcr.io/acd-reference/ledger-reports", "IMAGE_DIGEST", A));
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.output().contains("pins no image ledger-reports"), unknown.output());

        assertEquals(seed, git(origin, "rev-parse", "main"));
        assertEquals(List.of(), unpaired.argocd());
    }

    @Test
    void shouldBeTheScriptTheTaskRuns() throws IOException {
        ObjectNode task = Delivery.named(Delivery.tekton(), "Task", "gitops-promote");
        JsonNode step = task.path("spec").path("steps").get(0);
        assertEquals("promote", step.path("name").asText());
        assertEquals(
                Files.readString(Delivery.PROMOTE_SCRIPT),
                step.path("script").asText(),
                "tasks/gitops-promote.yaml's promote step must run scripts/gitops-promote.sh verbatim: copy it in");
    }

    private record Result(int exit, String output, String commit, String branch, List<String> argocd) {}

    private Result promote(Map<String, String> overrides) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "OVERLAY_PATH", "k8s/overlays/dev",
                "APP_NAME", "ledger-dev",
                "GITOPS_DIR", checkout.toString(),
                "GIT_CREDENTIALS_DIR", dir.resolve("credentials").toString(),
                "RESULT_COMMIT", dir.resolve("commit").toString(),
                "RESULT_BRANCH", dir.resolve("branch").toString(),
                "ARGOCD_LOG", dir.resolve("argocd.log").toString(),
                "STUB_AUTOMATED", "false",
                "STUB_CANARY", "false"));
        env.putAll(overrides);
        Files.deleteIfExists(dir.resolve("argocd.log"));
        Files.deleteIfExists(dir.resolve("commit"));
        Files.deleteIfExists(dir.resolve("branch"));
        ProcessBuilder builder = new ProcessBuilder(
                "bash", Delivery.PROMOTE_SCRIPT.toAbsolutePath().toString());
        isolate(builder);
        builder.environment().putAll(env);
        builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        String output = run(builder);
        int exit = Integer.parseInt(output.substring(0, output.indexOf('\n')));
        Path log = dir.resolve("argocd.log");
        return new Result(
                exit,
                output,
                read(dir.resolve("commit")),
                read(dir.resolve("branch")),
                Files.exists(log) ? Files.readAllLines(log) : List.of());
    }

    /** The images kubectl kustomize renders from the overlay at that commit. */
    private List<String> images(String commit, String overlay) throws Exception {
        Path clone = dir.resolve("render-" + commit.substring(0, 12));
        if (!Files.exists(clone)) {
            git(dir, "clone", "--quiet", origin.toString(), clone.toString());
            git(clone, "checkout", "--quiet", commit);
        }
        List<String> images = new ArrayList<>();
        for (ObjectNode object : Manifests.render(clone.resolve(overlay))) {
            object.findValues("image").forEach(image -> images.add(image.asText()));
        }
        return images;
    }

    private List<String> commitsSinceSeed(String branch) throws Exception {
        return git(origin, "rev-list", seed + ".." + branch).lines().toList();
    }

    private String git(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        isolate(builder);
        String output = run(builder);
        assertEquals("0", output.substring(0, output.indexOf('\n')), "git " + String.join(" ", args) + ":\n" + output);
        return output.substring(output.indexOf('\n') + 1).strip();
    }

    /** No user's or system's git configuration; a fixed author. */
    private void isolate(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        env.put("HOME", dir.resolve("home").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", dir.resolve("home/.gitconfig").toString());
        env.put("GIT_AUTHOR_NAME", "test");
        env.put("GIT_AUTHOR_EMAIL", "test@ledger.example");
        env.put("GIT_COMMITTER_NAME", "test");
        env.put("GIT_COMMITTER_EMAIL", "test@ledger.example");
    }

    /** Runs a process to its end: "exit code\n" then what it printed (stdout and stderr). */
    private String run(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Process process =
                builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("did not finish in 60 s: " + builder.command() + "\n" + Files.readString(out));
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        return process.exitValue() + "\n" + Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Test
    void shouldStartFromTheTipWhenSomeoneElsePushedFirst() throws Exception {
        Path other = dir.resolve("other");
        git(dir, "clone", "--quiet", origin.toString(), other.toString());
        Files.writeString(
                other.resolve("k8s/overlays/dev/images/ledger-jobs.yaml"),
                Files.readString(other.resolve("k8s/overlays/dev/images/ledger-jobs.yaml"))
                        .replace("newTag: main", "newTag: hotfix"));
        git(other, "commit", "--quiet", "-am", "someone else's change");
        git(other, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        String theirs = git(origin, "rev-parse", "main");

        Result result = promote(Map.of("IMAGE_URL", COMMAND, "IMAGE_DIGEST", A));
        assertEquals(0, result.exit(), result.output());
        assertEquals(theirs, git(origin, "rev-parse", "main~1"), "on top of the other change, not over it");
        List<String> images = images(result.commit(), "k8s/overlays/dev");
        assertTrue(images.contains(JOBS + ":hotfix"), images.toString());
        assertTrue(images.contains(COMMAND + "@" + A), images.toString());
        assertFalse(images.contains(COMMAND + ":main"));
    }
}
