package dev.ledger.query.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Newest first; {@code next} is the cursor of the following page, absent on the last one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionPage(List<TransactionLine> items, String next) {
}
