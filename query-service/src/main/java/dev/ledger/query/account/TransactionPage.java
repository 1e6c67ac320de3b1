package dev.ledger.query.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Newest first; {@code next} is the cursor of the following page, absent on the last one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One page of an account's money movements")
public record TransactionPage(
        @Schema(description = "Newest first") List<TransactionLine> items,

        @Schema(description = "Pass it as after= for the next page; absent on the last")
        String next) {}
