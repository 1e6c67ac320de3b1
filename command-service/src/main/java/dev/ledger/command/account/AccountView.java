package dev.ledger.command.account;

import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The write model's view of an account, as the command API returns it. */
@Schema(description = "An account as the write model holds it")
public record AccountView(
        UUID id,
        String owner,
        String currency,

        @Schema(description = "In minor units (cents); never below 0")
        long balance,

        AccountStatus status,

        @Schema(description = "Raised by every change; the ETag, and what X-Min-Version asks the" + " query side for")
        long version) {}
