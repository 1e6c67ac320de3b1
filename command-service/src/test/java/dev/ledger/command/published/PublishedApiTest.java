package dev.ledger.command.published;

import dev.ledger.command.model.CommandModel;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.PublishedApiContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class PublishedApiTest extends PublishedApiContract {

    PublishedApiTest() {
        super(
                LocalStack.COMMAND_DATABASE,
                List.of(
                        CommandModel.ACCOUNT_STATE,
                        CommandModel.CURRENCY_STATE,
                        CommandModel.ACCOUNTS_WITH_UNPUBLISHED_EVENTS),
                List.of(
                        CommandModel.COUNT_PURGEABLE_OUTBOX_EVENTS, CommandModel.PURGE_OUTBOX_EVENTS,
                        CommandModel.COUNT_PURGEABLE_IDEMPOTENCY_KEYS, CommandModel.PURGE_IDEMPOTENCY_KEYS));
    }
}
