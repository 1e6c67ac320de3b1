package dev.ledger.command.idempotency;

import dev.ledger.support.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A response, success or refusal, exactly as the first request with an Idempotency-Key got it, replayed byte for byte. */
public record StoredResponse(int status, String body, String location, String etag) {

    public Response toResponse() {
        String type = status >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON;
        Response.ResponseBuilder response = Response.status(status).type(type).entity(body);
        if (location != null) {
            response.header(HttpHeaders.LOCATION, location);
        }
        if (etag != null) {
            response.header(HttpHeaders.ETAG, etag);
        }
        return response.build();
    }
}
