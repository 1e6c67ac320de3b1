package dev.ledger.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback port helpers: a free one for tests, and a clear error when a fixed one is taken. */
public final class FreePorts {

    private FreePorts() {}

    public static int any() {
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
