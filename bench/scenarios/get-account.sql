-- The read GET /accounts/{id} runs, as plain SQL.
\set a random(1, :accounts)
SELECT * FROM account_summary WHERE id = (SELECT id FROM bench_account WHERE n = :a);
