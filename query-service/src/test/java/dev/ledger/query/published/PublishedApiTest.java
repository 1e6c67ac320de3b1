package dev.ledger.query.published;

import dev.ledger.devstack.LocalStack;
import dev.ledger.devstack.PublishedApiContract;
import dev.ledger.devstack.QueryStackResource;
import dev.ledger.query.model.QueryModel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

@QuarkusTest
@WithTestResource(QueryStackResource.class)
class PublishedApiTest extends PublishedApiContract {

    PublishedApiTest() {
        super(
                LocalStack.QUERY_DATABASE,
                List.of(QueryModel.ACCOUNT_STATE, QueryModel.CURRENCY_STATE),
                List.of(
                        QueryModel.APPLY_EVENT,
                        QueryModel.APPLY_PARKED,
                        QueryModel.PARK_EVENT,
                        QueryModel.DROP_UNFINISHED_READ_MODELS,
                        QueryModel.CREATE_BUILDING_READ_MODEL,
                        QueryModel.ACTIVE_READ_MODEL,
                        QueryModel.LOCK_READ_MODELS,
                        QueryModel.ACTIVATE_READ_MODEL,
                        QueryModel.DAILY_TOTALS,
                        QueryModel.LARGEST_MOVEMENTS));
    }
}
