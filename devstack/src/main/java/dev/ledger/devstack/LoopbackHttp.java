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
     * Serves each path with its handler on 127.0.0.1:{@code port} (0: any free port), or fails
     * saying {@code what} could not be served.
     */
    static HttpServer serve(int port, String what, Map<String, HttpHandler> handlers) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            handlers.forEach(server::createContext);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + what + " on 127.0.0.1:" + port, e);
        }
    }
}
