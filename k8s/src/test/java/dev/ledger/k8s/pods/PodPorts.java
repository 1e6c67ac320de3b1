package dev.ledger.k8s.pods;

import dev.ledger.devstack.FreePorts;
import java.util.stream.IntStream;

/**
 * The host ports one played service pod listens on (adaptation 4): the service's own on
 * 127.0.0.1, and its proxy's.
 *
 * @param app      the service, on 127.0.0.1, reached only by its proxy
 * @param https    the proxy's public HTTPS port
 * @param http     the proxy's public HTTP port, which redirects to HTTPS
 * @param internal the proxy's cluster-internal plain HTTP port: the API as other pods call it
 * @param ops      the proxy's operations port: health, metrics, the fault switch
 */
record PodPorts(int app, int https, int http, int internal, int ops) {

    /** Free ports, the internal one {@code internal}. */
    static PodPorts withInternal(int internal) {
        while (true) {
            PodPorts ports = new PodPorts(FreePorts.any(), FreePorts.any(), FreePorts.any(), internal, FreePorts.any());
            if (IntStream.of(ports.app, ports.https, ports.http, ports.internal, ports.ops)
                            .distinct()
                            .count()
                    == 5) {
                return ports;
            }
        }
    }

    static PodPorts free() {
        return withInternal(FreePorts.any());
    }
}
