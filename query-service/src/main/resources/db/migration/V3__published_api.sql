-- What the read side publishes to other modules beside the projection functions of V1 (the names
-- are defined once in query-model's QueryModel): the read-model lifecycle a rebuild drives, and
-- read-only views and functions over the ACTIVE read model. Other modules never touch the
-- registry, the parked events or a read_* schema themselves.

-- Drops the read models a killed rebuild left BUILDING and returns their names. They never
-- became live, so nothing is lost. Deleting their registry rows waits for any live consumer
-- transaction that holds them (projection.apply_to_read_models), so none writes into a dropped schema.
CREATE FUNCTION projection.drop_unfinished_read_models() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    unfinished text;
BEGIN
    FOR unfinished IN DELETE FROM projection.read_model WHERE state = 'BUILDING' RETURNING schema_name LOOP
        DELETE FROM projection.parked_event WHERE schema_name = unfinished;
        EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', unfinished);
        RETURN NEXT unfinished;
    END LOOP;
END;
$$;

-- Creates an empty read model, registered as BUILDING, named after the time in UTC, and returns
-- its name: from this transaction's commit on, the live consumer applies every new event to it as
-- well as to the ACTIVE one.
CREATE FUNCTION projection.create_building_read_model() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    target text := 'read_' || to_char(now() AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS');
BEGIN
    INSERT INTO projection.read_model (schema_name, state) VALUES (target, 'BUILDING');
    PERFORM projection.create_read_model(target);
    RETURN target;
END;
$$;

CREATE FUNCTION projection.active_read_model() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT schema_name FROM projection.read_model WHERE state = 'ACTIVE';
$$;

-- Holds every registry row until the caller's transaction ends: a live consumer transaction,
-- which holds them FOR SHARE, can apply no event meanwhile.
CREATE FUNCTION projection.lock_read_models() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM projection.read_model FOR UPDATE;
END;
$$;

CREATE SCHEMA query_api;

-- Every account and every currency's totals as the ACTIVE read model has them (reconcile). The
-- views in public follow the ACTIVE schema, so these do too.
CREATE VIEW query_api.account_state AS
    SELECT id, currency, balance, version, status FROM public.account_summary;

CREATE VIEW query_api.currency_state AS
    SELECT currency, total_balance, open_accounts FROM public.currency_total;

-- One row per currency for the time between two instants (the daily report). Opening and closing
-- are each the sum of every account's balance after its last movement before the bound; the
-- movements are summed from their amounts. Computed apart, so opening + movements = closing is a
-- real check of the read model.
CREATE FUNCTION query_api.daily_totals(day_start timestamptz, day_end timestamptz)
RETURNS TABLE (currency text, opening bigint, deposits bigint, withdrawals bigint, transfers_in bigint,
               transfers_out bigint, closing bigint)
LANGUAGE sql STABLE AS $$
    WITH opening AS (SELECT DISTINCT ON (t.account_id) t.account_id, t.balance_after
                     FROM public.account_transaction t WHERE t.occurred_at < day_start
                     ORDER BY t.account_id, t.version DESC),
    closing AS (SELECT DISTINCT ON (t.account_id) t.account_id, t.balance_after
                FROM public.account_transaction t WHERE t.occurred_at < day_end
                ORDER BY t.account_id, t.version DESC),
    moves AS (SELECT t.kind, t.amount, s.currency FROM public.account_transaction t
              JOIN public.account_summary s ON s.id = t.account_id
              WHERE t.occurred_at >= day_start AND t.occurred_at < day_end)
    SELECT c.currency::text,
           (SELECT coalesce(sum(o.balance_after), 0) FROM opening o JOIN public.account_summary s ON s.id = o.account_id
            WHERE s.currency = c.currency)::bigint,
           (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'DEPOSIT')::bigint,
           (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'WITHDRAWAL')::bigint,
           (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'TRANSFER_IN')::bigint,
           (SELECT coalesce(sum(amount), 0) FROM moves WHERE currency = c.currency AND kind = 'TRANSFER_OUT')::bigint,
           (SELECT coalesce(sum(cl.balance_after), 0) FROM closing cl JOIN public.account_summary s ON s.id = cl.account_id
            WHERE s.currency = c.currency)::bigint
    FROM (SELECT DISTINCT currency FROM public.account_summary) c ORDER BY c.currency;
$$;

-- The largest movements between two instants, largest first; a transfer is one movement, listed
-- once from its sending side.
CREATE FUNCTION query_api.largest_movements(day_start timestamptz, day_end timestamptz, how_many int)
RETURNS TABLE (account_id uuid, version bigint, kind text, amount bigint, currency text, counterparty_id uuid,
               occurred_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT t.account_id, t.version, t.kind, t.amount, s.currency::text, t.counterparty_id, t.occurred_at
    FROM public.account_transaction t JOIN public.account_summary s ON s.id = t.account_id
    WHERE t.occurred_at >= day_start AND t.occurred_at < day_end AND t.kind <> 'TRANSFER_IN'
    ORDER BY t.amount DESC, t.occurred_at, t.account_id
    LIMIT how_many;
$$;
