-- Two transactions applying the same AccountOpened at once (a redelivery racing the first delivery,
-- or the rebuild and the live consumer on the BUILDING schema) both find no row to lock; the second
-- INSERT then does nothing, and must count as a duplicate rather than open the account twice in the
-- currency's totals.
CREATE OR REPLACE FUNCTION projection.apply_event(target text, event_type text, event jsonb) RETURNS text
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
