package dev.ledger.command.account;

import jakarta.ws.rs.core.HttpHeaders;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Documents the 200 answer of an operation on one account, the same for each command and the
 * read: the account as it now stands, its version also as ETag. SmallRye OpenAPI reads the
 * {@code @APIResponse} it carries as if it stood on the method.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@APIResponse(
        responseCode = "200",
        description = "The account as it now stands",
        headers = @Header(name = HttpHeaders.ETAG, description = AccountResource.VERSION_TAG),
        content = @Content(schema = @Schema(implementation = AccountView.class)))
@interface ReturnsAccount {}
