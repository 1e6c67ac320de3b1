package dev.ledger.command.transfer;

import dev.ledger.command.config.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.UUID;

public record RequestTransfer(@NotNull UUID from, @NotNull UUID to,
                              @NotNull @Positive @Max(Amounts.MAX) Long amount,
                              @Size(max = 140) String reference) {
}
