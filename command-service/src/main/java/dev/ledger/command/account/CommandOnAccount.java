package dev.ledger.command.account;

import dev.ledger.command.idempotency.IdempotentCommands;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What a command on one account carries besides its body, as the request sends it: the account in
 * the path, the Idempotency-Key and the If-Match version. Read as a {@code @BeanParam}, so the API
 * documentation lists the three as the operation's parameters.
 */
public record CommandOnAccount(
        @PathParam("id") String id,
        @HeaderParam(IdempotentCommands.HEADER) String key,
        @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {}
