-- The floor of deposits on one hot account: its update, one outbox row and one idempotency key,
-- every client on the same row (in the copies of account and outbox_event, as transfer-minimal.sql).
BEGIN;
UPDATE bench_account_copy SET balance = balance + 1, version = version + 1, updated_at = now() WHERE id = (SELECT id FROM bench_account WHERE n = 1);
INSERT INTO bench_outbox (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, payload, occurred_at)
    VALUES (gen_random_uuid(), 'account', gen_random_uuid(), 1, 'dev.ledger.account.money-deposited', '{"amount":1}', now());
INSERT INTO idempotency_key (key, fingerprint, created_at) VALUES (gen_random_uuid()::text, 'bench', now());
COMMIT;
