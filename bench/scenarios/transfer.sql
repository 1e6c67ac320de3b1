-- The transaction POST /transfers runs, as plain SQL: lock both accounts in id order, move the
-- money, record the transfer and its two outbox events (whose trigger NOTIFYs the relay).
\set a random(1, :accounts)
\set d random(1, :accounts - 1)
\set b ((:a - 1 + :d) % :accounts) + 1
BEGIN;
SELECT id FROM account WHERE id IN ((SELECT id FROM bench_account WHERE n = :a), (SELECT id FROM bench_account WHERE n = :b)) ORDER BY id FOR UPDATE;
UPDATE account SET balance = balance - 1, version = version + 1, updated_at = now() WHERE id = (SELECT id FROM bench_account WHERE n = :a);
UPDATE account SET balance = balance + 1, version = version + 1, updated_at = now() WHERE id = (SELECT id FROM bench_account WHERE n = :b);
INSERT INTO transfer (id, from_account, to_account, amount, currency, reference, created_at)
    VALUES (gen_random_uuid(), (SELECT id FROM bench_account WHERE n = :a), (SELECT id FROM bench_account WHERE n = :b), 1, 'EUR', 'bench', now());
INSERT INTO outbox_event (event_id, aggregate_type, aggregate_id, aggregate_version, event_type, payload, occurred_at)
    SELECT gen_random_uuid(), 'account', a.id, a.version, 'dev.ledger.account.transfer-sent',
           jsonb_build_object('eventId', gen_random_uuid(), 'accountId', a.id, 'version', a.version, 'occurredAt', now(),
                              'transferId', gen_random_uuid(), 'counterpartyId', a.id, 'amount', 1, 'currency', 'EUR',
                              'balanceAfter', a.balance, 'reference', 'bench'), now()
    FROM account a WHERE a.id IN ((SELECT id FROM bench_account WHERE n = :a), (SELECT id FROM bench_account WHERE n = :b));
COMMIT;
