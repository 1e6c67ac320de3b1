package dev.ledger.devstack;

import java.nio.file.Path;

/**
 * A server of the local stack: either embedded, run here from a directory it keeps across starts,
 * or an existing one, which is used as it is and never started or stopped here.
 *
 * @param <S> a running embedded server, as it is stopped
 */
abstract class LocalServer<S> implements AutoCloseable {

    private final Path directory;
    private S running;

    /** @param directory where the embedded server keeps its data; null for an existing server */
    LocalServer(Path directory) {
        this.directory = directory;
    }

    /** Starts the embedded server on its data; when it fails, nothing is left running. */
    abstract S startEmbedded(Path directory);

    /** Stops what {@link #startEmbedded} started. */
    abstract void stopEmbedded(S server);

    /** (Re)starts the embedded server on the same port and data; a no-op for an existing server. */
    public synchronized void start() {
        if (directory == null || running != null) {
            return;
        }
        running = startEmbedded(directory);
    }

    /** Stops the embedded server; its data stays for the next start. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            stopEmbedded(running);
        } finally {
            running = null;
        }
    }

    public boolean isEmbedded() {
        return directory != null;
    }

    synchronized boolean isRunning() {
        return running != null;
    }

    Path directory() {
        return directory;
    }

    /** A start failure's first cause, for the message's first line: all that a build log's summary shows. */
    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    @Override
    public void close() {
        stop();
    }
}
