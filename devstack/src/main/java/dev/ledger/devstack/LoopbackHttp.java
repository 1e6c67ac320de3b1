package dev.ledger.devstack;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/** The JDK's HTTP server on 127.0.0.1, for the small servers devstack runs beside the stack. */
final class LoopbackHttp {

    private LoopbackHttp() {}

    /**
     * Serves each path with its handler on 127.0.0.1:{@code port}, or fails saying {@code what}
     * could not be served. Port 0 takes one from {@link FreePorts#any}, not from the kernel: a port
     * another server of this JVM stopped on and comes back to (a test's Kafka) stays its own.
     */
    static HttpServer serve(int port, String what, Map<String, HttpHandler> handlers) {
        int bound = port == 0 ? FreePorts.any() : port;
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bound), 0);
            handlers.forEach(server::createContext);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + what + " on 127.0.0.1:" + bound, e);
        }
    }
}
