-- The write model of the ledger. Every change to an account and the events describing it are
-- written in one transaction; the outbox relay publishes the events afterwards.

CREATE TABLE account (
    id          uuid        PRIMARY KEY,
    owner       text        NOT NULL,
    currency    char(3)     NOT NULL,
    balance     bigint      NOT NULL CHECK (balance >= 0),
    status      text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    version     bigint      NOT NULL CHECK (version >= 1),
    opened_at   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE transfer (
    id            uuid        PRIMARY KEY,
    from_account  uuid        NOT NULL REFERENCES account (id),
    to_account    uuid        NOT NULL REFERENCES account (id),
    amount        bigint      NOT NULL CHECK (amount > 0),
    currency      char(3)     NOT NULL,
    reference     text,
    created_at    timestamptz NOT NULL,
    CHECK (from_account <> to_account)
);

-- Column names follow Debezium's outbox event router (aggregatetype, aggregateid, type, payload),
-- so a CDC relay could replace ours without a migration.
CREATE TABLE outbox_event (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           uuid        NOT NULL UNIQUE,
    aggregate_type     text        NOT NULL,
    aggregate_id       uuid        NOT NULL,
    aggregate_version  bigint      NOT NULL,
    event_type         text        NOT NULL,
    payload            jsonb       NOT NULL,
    occurred_at        timestamptz NOT NULL,
    published_at       timestamptz,
    UNIQUE (aggregate_id, aggregate_version)
);

-- The relay reads only what is unpublished; this keeps that read small however large the table.
CREATE INDEX outbox_event_unpublished ON outbox_event (id) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published_at ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay when a transaction that wrote events commits (NOTIFY is delivered on commit).
CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_event', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_event_inserted
    AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify();

-- One row per Idempotency-Key: the request it was first used with and the response it got.
CREATE TABLE idempotency_key (
    key             text        PRIMARY KEY,
    fingerprint     text        NOT NULL,
    response_status int,
    response_body   text,
    location        text,
    etag            text,
    created_at      timestamptz NOT NULL
);

CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
