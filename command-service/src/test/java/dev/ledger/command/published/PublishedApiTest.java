package dev.ledger.command.published;

import dev.ledger.command.model.CommandModel;
import dev.ledger.devstack.LedgerStackResource;
import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.PublishedApiContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LedgerStackResource.class)
class PublishedApiTest extends PublishedApiContract {

    PublishedApiTest() {
        super(LocalStack.COMMAND_DATABASE, CommandModel.class);
    }
}
