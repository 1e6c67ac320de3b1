package dev.ledger.query.published;

import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.PublishedApiContract;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.query.model.QueryModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class PublishedApiTest extends PublishedApiContract {

    PublishedApiTest() {
        super(LocalStack.QUERY_DATABASE, QueryModel.class);
    }
}
