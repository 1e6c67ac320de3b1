package dev.ledger.command.idempotency;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an {@code Idempotency-Key} header that is there but empty. The HTTP layer trims a value
 * of spaces to nothing, and {@code @HeaderParam} then reads it as no header at all: the command
 * would run without the idempotency its client asked for, and run again on the client's retry.
 */
public class BlankIdempotencyKeys {

    @ServerRequestFilter
    public void refuseAnEmptyKey(ContainerRequestContext request) {
        List<String> keys = request.getHeaders().get(IdempotentCommands.HEADER);
        if (keys != null && keys.stream().anyMatch(key -> key == null || !IdempotentCommands.wellFormed(key))) {
            throw IdempotentCommands.malformedKey();
        }
    }
}
