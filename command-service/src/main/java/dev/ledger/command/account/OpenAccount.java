package dev.ledger.command.account;

import dev.ledger.command.config.CurrencyCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record OpenAccount(@NotBlank @Size(max = 100) String owner, @NotNull @CurrencyCode String currency) {
}
