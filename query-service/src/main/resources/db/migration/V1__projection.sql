-- The query side's read models and the projection that maintains them.
--
-- Read models live in a schema of their own (read_v1, read_v2, ...), registered in
-- projection.read_model. Exactly one is ACTIVE: the views in `public` select from it, so queries
-- never name a schema. The rebuild job builds a new one (BUILDING) beside it and switches the
-- views in one transaction. The live consumer and the rebuild job both apply events through
-- projection.apply_event, so there is one copy of the projection, here.

CREATE SCHEMA projection;

CREATE TABLE projection.read_model (
    schema_name   text        PRIMARY KEY CHECK (schema_name ~ '^read_[a-z0-9_]+$'),
    state         text        NOT NULL CHECK (state IN ('ACTIVE', 'BUILDING')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    activated_at  timestamptz
);

CREATE UNIQUE INDEX read_model_one_active ON projection.read_model (state) WHERE state = 'ACTIVE';

-- Events whose version is ahead of the account (a gap): kept, visible to operators, applied
-- automatically once the missing versions arrive.
CREATE TABLE projection.parked_event (
    schema_name  text        NOT NULL,
    account_id   uuid        NOT NULL,
    version      bigint      NOT NULL,
    event_type   text        NOT NULL,
    event        jsonb       NOT NULL,
    reason       text        NOT NULL,
    parked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schema_name, account_id, version)
);

CREATE FUNCTION projection.create_read_model(target text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE SCHEMA %I', target);
    EXECUTE format($ddl$
        CREATE TABLE %1$I.account_summary (
            id          uuid        PRIMARY KEY,
            owner       text        NOT NULL,
            currency    char(3)     NOT NULL,
            balance     bigint      NOT NULL,
            status      text        NOT NULL,
            version     bigint      NOT NULL,
            updated_at  timestamptz NOT NULL
        );
        CREATE INDEX ON %1$I.account_summary (owner);
        CREATE TABLE %1$I.account_transaction (
            account_id       uuid        NOT NULL,
            version          bigint      NOT NULL,
            event_id         uuid        NOT NULL UNIQUE,
            kind             text        NOT NULL,
            amount           bigint      NOT NULL,
            balance_after    bigint      NOT NULL,
            counterparty_id  uuid,
            transfer_id      uuid,
            reference        text,
            occurred_at      timestamptz NOT NULL,
            PRIMARY KEY (account_id, version)
        );
        CREATE TABLE %1$I.currency_total (
            currency        char(3)     PRIMARY KEY,
            total_balance   bigint      NOT NULL,
            open_accounts   bigint      NOT NULL,
            last_event_at   timestamptz NOT NULL
        );
    $ddl$, target);
END;
$$;

-- Makes `target` the read model that queries see, in the caller's transaction: the views change
-- for every reader at commit, and the previous ACTIVE schema is dropped.
CREATE FUNCTION projection.activate_read_model(target text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    previous text;
BEGIN
    PERFORM 1 FROM projection.read_model FOR UPDATE;
    SELECT schema_name INTO previous FROM projection.read_model WHERE state = 'ACTIVE';
    IF previous IS NOT DISTINCT FROM target THEN
        RETURN;
    END IF;
    DELETE FROM projection.read_model WHERE schema_name = previous;
    UPDATE projection.read_model SET state = 'ACTIVE', activated_at = now() WHERE schema_name = target;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no read model named %', target;
    END IF;
    EXECUTE format('CREATE OR REPLACE VIEW public.account_summary AS SELECT * FROM %I.account_summary', target);
    EXECUTE format('CREATE OR REPLACE VIEW public.account_transaction AS SELECT * FROM %I.account_transaction', target);
    EXECUTE format('CREATE OR REPLACE VIEW public.currency_total AS SELECT * FROM %I.currency_total', target);
    IF previous IS NOT NULL THEN
        EXECUTE format('DROP SCHEMA %I CASCADE', previous);
        DELETE FROM projection.parked_event WHERE schema_name = previous;
    END IF;
END;
$$;

-- Applies one event to one read model. Returns APPLIED, DUPLICATE (version already applied) or
-- GAP (an earlier version is missing: nothing is written). Idempotent: applying an event twice
-- changes nothing the second time, so redelivery never double-counts money. Two transactions
-- applying the same AccountOpened at once both find no row to lock; the second INSERT then does
-- nothing and counts as a duplicate, so the account is opened once in the currency's totals.
CREATE FUNCTION projection.apply_event(target text, event_type text, event jsonb) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    account   uuid   := (event->>'accountId')::uuid;
    version   bigint := (event->>'version')::bigint;
    at        timestamptz := (event->>'occurredAt')::timestamptz;
    amount    bigint := coalesce((event->>'amount')::bigint, 0);
    last      bigint;
    currency  text;
    kind      text;
    delta     bigint := 0;
    opened    bigint := 0;
    inserted  int;
BEGIN
    EXECUTE format('SELECT version, currency FROM %I.account_summary WHERE id = $1 FOR UPDATE', target)
        INTO last, currency USING account;
    last := coalesce(last, 0);
    IF version <= last THEN
        RETURN 'DUPLICATE';
    ELSIF version > last + 1 THEN
        RETURN 'GAP';
    END IF;

    CASE event_type
    WHEN 'dev.ledger.account.opened' THEN
        currency := event->>'currency';
        EXECUTE format('INSERT INTO %I.account_summary (id, owner, currency, balance, status, version, updated_at)'
                       ' VALUES ($1, $2, $3, 0, ''OPEN'', 1, $4) ON CONFLICT (id) DO NOTHING', target)
            USING account, event->>'owner', currency, at;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        IF inserted = 0 THEN
            RETURN 'DUPLICATE';
        END IF;
        opened := 1;
    WHEN 'dev.ledger.account.closed' THEN
        EXECUTE format('UPDATE %I.account_summary SET status = ''CLOSED'', version = $2, updated_at = $3'
                       ' WHERE id = $1', target) USING account, version, at;
        opened := -1;
    ELSE
        kind := CASE event_type
            WHEN 'dev.ledger.account.money-deposited' THEN 'DEPOSIT'
            WHEN 'dev.ledger.account.money-withdrawn' THEN 'WITHDRAWAL'
            WHEN 'dev.ledger.account.transfer-sent' THEN 'TRANSFER_OUT'
            WHEN 'dev.ledger.account.transfer-received' THEN 'TRANSFER_IN'
        END;
        IF kind IS NULL THEN
            RAISE EXCEPTION 'unknown event type %', event_type;
        END IF;
        delta := CASE WHEN kind IN ('DEPOSIT', 'TRANSFER_IN') THEN amount ELSE -amount END;
        EXECUTE format('UPDATE %I.account_summary SET balance = $2, version = $3, updated_at = $4 WHERE id = $1', target)
            USING account, (event->>'balanceAfter')::bigint, version, at;
        EXECUTE format('INSERT INTO %I.account_transaction (account_id, version, event_id, kind, amount, balance_after,'
                       ' counterparty_id, transfer_id, reference, occurred_at)'
                       ' VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', target)
            USING account, version, (event->>'eventId')::uuid, kind, amount, (event->>'balanceAfter')::bigint,
                  (event->>'counterpartyId')::uuid, (event->>'transferId')::uuid, event->>'reference', at;
    END CASE;

    -- Totals last: every event locks its account row first and its currency row second, so
    -- concurrent appliers never wait on each other in a cycle.
    EXECUTE format('INSERT INTO %I.currency_total AS t (currency, total_balance, open_accounts, last_event_at)'
                   ' VALUES ($1, $2, $3, $4) ON CONFLICT (currency) DO UPDATE'
                   ' SET total_balance = t.total_balance + $2, open_accounts = t.open_accounts + $3,'
                   ' last_event_at = greatest(t.last_event_at, $4)', target)
        USING currency, delta, opened, at;
    RETURN 'APPLIED';
END;
$$;

-- Parks an event that arrived ahead of its account's version (kept for operators and retried).
CREATE FUNCTION projection.park_event(target text, event_type text, event jsonb, reason text) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO projection.parked_event (schema_name, account_id, version, event_type, event, reason)
    VALUES (target, (event->>'accountId')::uuid, (event->>'version')::bigint, event_type, event, reason)
    ON CONFLICT DO NOTHING;
$$;

-- After an event was applied, applies the parked events that now follow on without a gap.
-- Returns how many it applied.
CREATE FUNCTION projection.apply_parked(target text, account uuid) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    parked  record;
    applied int := 0;
BEGIN
    FOR parked IN
        SELECT * FROM projection.parked_event WHERE schema_name = target AND account_id = account ORDER BY version
    LOOP
        EXIT WHEN projection.apply_event(target, parked.event_type, parked.event) = 'GAP';
        DELETE FROM projection.parked_event
        WHERE schema_name = target AND account_id = account AND version = parked.version;
        applied := applied + 1;
    END LOOP;
    RETURN applied;
END;
$$;

-- The first read model, active from the start.
INSERT INTO projection.read_model (schema_name, state) VALUES ('read_v1', 'BUILDING');
SELECT projection.create_read_model('read_v1');
SELECT projection.activate_read_model('read_v1');
