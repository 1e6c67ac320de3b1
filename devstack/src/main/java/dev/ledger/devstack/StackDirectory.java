package dev.ledger.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The directory through which the processes of one machine share a local stack, beside the stack's
 * data ({@code target/devstack}): the stack publishes where it listens in {@code devstack.env} (the
 * file bin/dev sources), each process that uses it leaves an entry under {@code users/}, and
 * {@code stack.lock} lets one process at a time find or start the stack, or stop it for want of
 * users. devservices/README.md describes the protocol.
 */
public record StackDirectory(Path path) {

    /** How long a stack may take to start: the first start unpacks PostgreSQL and formats Kafka's log. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    public Path stateFile() {
        return path.resolve("devstack.env");
    }

    /** Where a stack started by {@link #startOrReuse} writes its output. */
    public Path log() {
        return path.resolve("devstack.log");
    }

    /**
     * Runs {@code action} holding the directory's lock, which other processes wait for (and other
     * threads of this one: the file lock alone would fail them).
     */
    public <T> T locked(Supplier<T> action) {
        synchronized (StackDirectory.class) {
            try {
                Files.createDirectories(path);
                try (FileChannel channel = FileChannel.open(
                                path.resolve("stack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    return action.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + path, e);
            }
        }
    }

    /** The stack that a live process serves from this directory, if any. */
    public Optional<RunningStack> running() {
        RunningStack stack = new RunningStack(LocalStack.readVariables(stateFile()));
        return stack.process().filter(ProcessIdentity::isAlive).map(process -> stack);
    }

    /**
     * The stack running from this directory, or else a new one: {@link DevstackMain} in a process of
     * its own, run from {@code classpath} with this process's {@code devstack.*} properties (it
     * inherits the {@code DEVSTACK_*} environment), detached, and stopping for want of users unless
     * {@code keepRunning}. One process at a time, so that services starting together start one stack.
     * Register as a user first ({@link #addUser}): a stack stops when it has none.
     */
    public RunningStack startOrReuse(List<Path> classpath, boolean keepRunning) {
        return locked(() -> running().orElseGet(() -> start(classpath, keepRunning)));
    }

    /** Publishes this process as the stack that serves {@code environment}. */
    void publish(Map<String, String> environment) {
        Map<String, String> published = new TreeMap<>(environment);
        ProcessIdentity self = ProcessIdentity.of(ProcessHandle.current());
        published.put(RunningStack.PID, String.valueOf(self.pid()));
        published.put(RunningStack.STARTED, self.started());
        LocalStack.writeVariables(stateFile(), published);
    }

    /** Takes the publication back: from now on no process finds a stack here. */
    void withdraw() {
        delete(stateFile());
    }

    /** Records that {@code process} uses the stack, as {@code use} (e.g. its launch mode), until it ends or leaves. */
    public void addUser(ProcessHandle process, String use) {
        ProcessIdentity user = ProcessIdentity.of(process);
        try {
            Files.createDirectories(users());
            Files.writeString(users().resolve(user.pid() + "-" + use), user.started());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void removeUser(ProcessHandle process, String use) {
        delete(users().resolve(process.pid() + "-" + use));
    }

    /** Whether a live process uses the stack; the entries of processes that ended go. */
    boolean inUse() {
        if (!Files.isDirectory(users())) {
            return false;
        }
        boolean inUse = false;
        try (Stream<Path> entries = Files.list(users())) {
            for (Path entry : entries.toList()) {
                if (isLive(entry)) {
                    inUse = true;
                } else {
                    delete(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inUse;
    }

    private Path users() {
        return path.resolve("users");
    }

    /** Whether the user an entry names still runs; an entry its user took back meanwhile names none. */
    private static boolean isLive(Path entry) throws IOException {
        String name = entry.getFileName().toString();
        try {
            return new ProcessIdentity(Long.parseLong(name.substring(0, name.indexOf('-'))), Files.readString(entry))
                    .isAlive();
        } catch (NoSuchFileException taken) {
            return false;
        }
    }

    private RunningStack start(List<Path> classpath, boolean keepRunning) {
        try {
            // an argument file: the class path of a Quarkus build is longer than some systems allow on a command line
            Path arguments = path.resolve("devstack.args");
            String joined = classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            Files.writeString(arguments, "-cp \"" + joined.replace("\\", "\\\\") + "\"\n");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "@" + arguments));
            System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("devstack.") && !name.equals("devstack.data-dir"))
                    .sorted()
                    .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
            command.addAll(List.of("-Ddevstack.data-dir=" + path, DevstackMain.class.getName(), DevstackMain.DETACHED));
            if (!keepRunning) {
                command.add(DevstackMain.WHILE_USED);
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            process.getOutputStream().close();
            return awaitPublication(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local stack", e);
        }
    }

    private RunningStack awaitPublication(Process process) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Optional<RunningStack> started = running();
            if (started.isPresent()) {
                return started.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroy();
        List<String> lines = Files.readAllLines(log());
        throw new IllegalStateException("the local stack did not start; the end of " + log() + ":\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
