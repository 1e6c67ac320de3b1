package dev.ledger.query.account;

import jakarta.ws.rs.core.HttpHeaders;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Documents what a read of one account answers besides its 200, the same for the account and its
 * history: 304 when If-None-Match names the current ETag, and the Retry-After of the 503 that an
 * X-Min-Version not reached in time ends in (ProblemExamples adds that 503's problem body).
 * SmallRye OpenAPI reads the {@code @APIResponse}s it carries as if they stood on the method; it
 * refuses a second 200, so each operation documents its own.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@APIResponse(responseCode = "304", description = "If-None-Match names the current ETag; no body")
@APIResponse(
        responseCode = "503",
        description = "X-Min-Version was not reached in time",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before asking again"))
@interface ConditionalRead {}
