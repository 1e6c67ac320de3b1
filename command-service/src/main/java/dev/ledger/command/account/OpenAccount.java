package dev.ledger.command.account;

import dev.ledger.command.config.CurrencyCode;
import dev.ledger.support.text.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Opens an account with balance 0")
public record OpenAccount(
        @Schema(description = "Who holds the account") @NotBlank @Size(max = 100) @PlainText
        String owner,

        @Schema(description = "ISO 4217 code, e.g. EUR; the account keeps it for good") @NotNull @CurrencyCode
        String currency) {}
