package dev.ledger.command.transfer;

import dev.ledger.command.account.Account;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A transfer just made, and both accounts as it left them")
public record TransferView(
        @Schema(description = "Also the last segment of Location")
        UUID transferId,

        @Schema(description = "The sending account") Side from,
        @Schema(description = "The receiving account") Side to) {

    /** One account's state after the transfer. */
    @Schema(name = "TransferSide", description = "One account after the transfer, at its new version")
    public record Side(UUID id, long balance, long version) {

        static Side of(Account account) {
            return new Side(account.id(), account.balance(), account.version());
        }
    }
}
