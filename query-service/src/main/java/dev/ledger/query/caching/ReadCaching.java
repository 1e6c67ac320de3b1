package dev.ledger.query.caching;

import dev.ledger.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * How long a read may be reused, said once for every query: a successful GET (200, or 304 for a
 * conditional one) may be served again for {@code ledger.http.cache-max-age} by the client that
 * asked, and its gzipped and plain forms are kept apart (Vary). It is {@code private}: what a reader
 * may see depends on its token, so no shared cache (the ACD proxy, a CDN) may hand it to another
 * caller. Problem answers say {@code no-store} themselves.
 */
@Provider
@ApplicationScoped // created at the first request, once the configuration is there, not at static init
public class ReadCaching implements ContainerResponseFilter {

    private final String cacheControl;

    public ReadCaching(QueryConfig config) {
        this.cacheControl = "private, max-age=" + config.http().cacheMaxAge().toSeconds();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        boolean reusable =
                status == Response.Status.OK.getStatusCode() || status == Response.Status.NOT_MODIFIED.getStatusCode();
        if (HttpMethod.GET.equals(request.getMethod()) && reusable) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, cacheControl);
            response.getHeaders().putSingle(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        }
    }
}
