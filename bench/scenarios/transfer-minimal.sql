-- The floor of POST /transfers: the least a transfer with an Idempotency-Key must write, with
-- nothing else. Two account updates, two outbox rows, one idempotency key; no row locks read back,
-- no transfer row. It writes to copies of account and outbox_event (bench/run makes them: the same
-- columns and indexes, no NOTIFY trigger), so the accounts' versions stay those of their events.
\set a random(1, :accounts)
\set d random(1, :accounts - 1)
\set b ((:a - 1 + :d) % :accounts) + 1
BEGIN;
UPDATE bench_account_copy SET balance = balance - 1, version = version + 1, updated_at = now() WHERE id = (SELECT id FROM bench_account WHERE n = :a);
UPDATE bench_account_copy SET balance = balance + 1, version = version + 1, updated_at = now() WHERE id = (SELECT id FROM bench_account WHERE n = :b);
INSERT INTO bench_outbox (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, payload, occurred_at)
    VALUES (gen_random_uuid(), 'account', gen_random_uuid(), 1, 'dev.ledger.account.transfer-sent', '{"amount":1}', now()),
           (gen_random_uuid(), 'account', gen_random_uuid(), 1, 'dev.ledger.account.transfer-received', '{"amount":1}', now());
INSERT INTO idempotency_key (key, fingerprint, created_at) VALUES (gen_random_uuid()::text, 'bench', now());
COMMIT;
