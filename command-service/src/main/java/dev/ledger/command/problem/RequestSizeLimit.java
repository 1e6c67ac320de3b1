package dev.ledger.command.problem;

import dev.ledger.command.config.LedgerConfig;
import dev.ledger.support.problem.Problem;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * Rejects a declared body over the limit with a 413 problem before anything reads it.
 * {@code quarkus.http.limits.max-body-size} stays as the backstop for chunked bodies.
 */
public class RequestSizeLimit {

    void install(@Observes StartupEvent start, Router router, LedgerConfig config) {
        long maxBytes = config.http().maxBodyBytes();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
                Problem problem = ProblemMapper.REQUEST_TOO_LARGE.problem(
                        "the body has " + length + " bytes; at most " + maxBytes + " are accepted",
                        context.request().path(),
                        Map.of());
                // Vert.x keeps an HTTP/1.1 connection open whatever the header says; the unread body
                // would follow on it, so it is closed once the answer is out, as the header announces.
                context.response()
                        .setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .endHandler(sent -> context.request().connection().close())
                        // Json.encode goes through Quarkus's Vert.x JsonFactory, so the application's
                        // ObjectMapper writes this problem, as it writes every other one.
                        .end(Json.encode(problem));
                return;
            }
            context.next();
        });
    }
}
