-- What the write model publishes to other modules (schema command_api; the names are defined once
-- in command-model's CommandModel). Other modules read and purge the write model only through
-- these; the tables stay private, so they may change as long as these keep their meaning.

CREATE SCHEMA command_api;

-- Every account as the write model records it; reconcile compares it with the read model.
CREATE VIEW command_api.account_state AS
    SELECT id, currency, balance, version, status FROM account;

CREATE VIEW command_api.currency_state AS
    SELECT currency, sum(balance)::bigint AS total_balance, count(*) FILTER (WHERE status = 'OPEN') AS open_accounts
    FROM account GROUP BY currency;

-- Accounts whose read model may be behind only because the relay has not published their events yet.
CREATE VIEW command_api.account_with_unpublished_events AS
    SELECT DISTINCT aggregate_id AS account_id FROM outbox_event WHERE published_at IS NULL;

-- Retention: published outbox rows and idempotency keys older than a cutoff. Each purge call
-- deletes one batch and is its own short transaction, so no lock is held for long and a killed
-- purge loses at most one batch. A row the relay has not published is never deleted.
CREATE FUNCTION command_api.count_purgeable_outbox_events(cutoff timestamptz) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM outbox_event WHERE published_at IS NOT NULL AND published_at < cutoff;
$$;

CREATE FUNCTION command_api.purge_outbox_events(cutoff timestamptz, batch_size int) RETURNS int
LANGUAGE sql AS $$
    WITH purged AS (
        DELETE FROM outbox_event WHERE id IN (SELECT id FROM outbox_event
            WHERE published_at IS NOT NULL AND published_at < cutoff ORDER BY id LIMIT batch_size)
        RETURNING 1)
    SELECT count(*)::int FROM purged;
$$;

CREATE FUNCTION command_api.count_purgeable_idempotency_keys(cutoff timestamptz) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM idempotency_key WHERE created_at < cutoff;
$$;

CREATE FUNCTION command_api.purge_idempotency_keys(cutoff timestamptz, batch_size int) RETURNS int
LANGUAGE sql AS $$
    WITH purged AS (
        DELETE FROM idempotency_key WHERE key IN (SELECT key FROM idempotency_key
            WHERE created_at < cutoff ORDER BY created_at LIMIT batch_size)
        RETURNING 1)
    SELECT count(*)::int FROM purged;
$$;
