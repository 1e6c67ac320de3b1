package dev.ledger.command.account;

import dev.ledger.command.config.Amounts;
import dev.ledger.support.text.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record Withdraw(
        @Schema(description = "What the command takes out, in minor units (cents)") @NotNull @Positive @Max(Amounts.MAX)
        Long amount,

        @Schema(description = "Free text kept with the movement") @Size(max = 140) @PlainText
        String reference) {}
