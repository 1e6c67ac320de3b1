package dev.ledger.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers: a free one for tests, and a clear error when a fixed one is taken. */
public final class FreePorts {

    /**
     * Every port {@link #any} handed out in this JVM. A port is free when picked but bound later, by
     * a server that may take seconds to start; tests running side by side pick ports meanwhile, and
     * the kernel may offer the same free port to two of them. Never handing a port out twice keeps
     * them apart.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /** Picks before giving up: far more than the kernel needs to offer a port not handed out yet. */
    private static final int ATTEMPTS = 1_000;

    private FreePorts() {}

    /** A loopback port that is free now and that no earlier call in this JVM returned. */
    public static int any() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freeNow();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("the kernel offered only loopback ports this JVM has handed out already ("
                + HANDED_OUT.size() + " of them)");
    }

    private static int freeNow() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Returns {@code port}, a free one if it is 0, or fails naming the setting to change. */
    static int checked(int port, String setting) {
        if (port == 0) {
            return any();
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "port " + port + " on 127.0.0.1 is already in use; stop what holds it" + " or choose another with "
                            + setting + " (0 picks a free port)",
                    e);
        }
    }
}
