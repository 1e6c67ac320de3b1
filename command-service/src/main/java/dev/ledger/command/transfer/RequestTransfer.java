package dev.ledger.command.transfer;

import dev.ledger.command.config.Amounts;
import dev.ledger.support.text.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Moves money from one account to another of the same currency")
public record RequestTransfer(
        @Schema(description = "The sending account; If-Match is checked against it") @NotNull
        UUID from,

        @Schema(description = "The receiving account") @NotNull
        UUID to,

        @Schema(description = "In minor units (cents)") @NotNull @Positive @Max(Amounts.MAX)
        Long amount,

        @Schema(description = "Free text kept with both movements") @Size(max = 140) @PlainText
        String reference) {}
