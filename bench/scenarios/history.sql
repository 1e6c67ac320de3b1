-- The read GET /accounts/{id}/transactions runs for its newest page of 50, as plain SQL.
\set a random(1, :accounts)
SELECT * FROM account_transaction WHERE account_id = (SELECT id FROM bench_account WHERE n = :a)
    AND version < 9223372036854775807 ORDER BY version DESC LIMIT 50;
