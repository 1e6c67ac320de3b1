package dev.ledger.devstack;

/** {@link LedgerStackResource} for query-service: the {@code query} database. */
public class QueryStackResource extends LedgerStackResource {

    public QueryStackResource() {
        super(LocalStack.QUERY_DATABASE);
    }
}
