package dev.ledger.command.account;

import dev.ledger.command.config.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

public record Withdraw(@NotNull @Positive @Max(Amounts.MAX) Long amount, @Size(max = 140) String reference) {
}
