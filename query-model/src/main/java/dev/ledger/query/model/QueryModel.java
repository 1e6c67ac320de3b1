package dev.ledger.query.model;

/**
 * What query-service publishes to other modules, each name defined here once: its consumer group,
 * the lock that keeps rebuilds apart, the projection functions of {@code V1__projection.sql}, and
 * the read-model lifecycle and read views of {@code V3__published_api.sql}. Its tables (the
 * registry {@code projection.read_model}, {@code projection.parked_event} and every
 * {@code read_*} schema) stay private to it. Names only, no SQL: each caller binds parameters in
 * its own client's syntax.
 */
public final class QueryModel {

    /** The projection's Kafka consumer group: its committed offsets say how far the read models got. */
    public static final String CONSUMER_GROUP = "query-service";

    /** Key of the session advisory lock a rebuild holds while it runs, so that two never run at once. */
    public static final long REBUILD_LOCK = 0x6c65646765720002L;

    /**
     * Function {@code (target text, event_type text, event jsonb) -> text}: applies one event to one
     * read model; {@code APPLIED}, {@code DUPLICATE} or {@code GAP} (nothing written).
     */
    public static final String APPLY_EVENT = "projection.apply_event";

    /** Function {@code (target text, account uuid) -> int}: applies the parked events that now follow on. */
    public static final String APPLY_PARKED = "projection.apply_parked";

    /**
     * Function {@code (target text, event_type text, event jsonb, reason text) -> void}: keeps an
     * event that came ahead of its account's version.
     */
    public static final String PARK_EVENT = "projection.park_event";

    /** Function {@code () -> setof text}: drops the read models a killed rebuild left BUILDING; returns their names. */
    public static final String DROP_UNFINISHED_READ_MODELS = "projection.drop_unfinished_read_models";

    /**
     * Function {@code () -> text}: creates an empty read model, registered as BUILDING, and returns
     * its name; from its commit on, the live consumer applies new events to it too.
     */
    public static final String CREATE_BUILDING_READ_MODEL = "projection.create_building_read_model";

    /** Function {@code () -> text}: the name of the read model queries see. */
    public static final String ACTIVE_READ_MODEL = "projection.active_read_model";

    /**
     * Function {@code () -> void}: holds the registry until the transaction ends; the live consumer
     * applies no event meanwhile.
     */
    public static final String LOCK_READ_MODELS = "projection.lock_read_models";

    /**
     * Function {@code (target text) -> void}: switches queries to the target and drops the previous
     * read model, in the caller's transaction.
     */
    public static final String ACTIVATE_READ_MODEL = "projection.activate_read_model";

    /**
     * The login of the jobs that only read the read models (reconcile, report): it may read the
     * published views and functions and change nothing. The platform creates it (a CloudNativePG
     * managed role, or the managed database's user); query-service grants it what it reads on every
     * start (afterMigrate.sql).
     */
    public static final String READ_ONLY_ROLE = "ledger_query_reader";

    /** View: every account's {@code id, currency, balance, version, status} in the live read model. */
    public static final String ACCOUNT_STATE = "query_api.account_state";

    /** View: each currency's {@code currency, total_balance, open_accounts} in the live read model. */
    public static final String CURRENCY_STATE = "query_api.currency_state";

    /**
     * Function {@code (day_start timestamptz, day_end timestamptz) -> table (currency, opening,
     * deposits, withdrawals, transfers_in, transfers_out, closing)}, one row per currency.
     */
    public static final String DAILY_TOTALS = "query_api.daily_totals";

    /**
     * Function {@code (day_start timestamptz, day_end timestamptz, how_many int) -> table (account_id,
     * version, kind, amount, currency, counterparty_id, occurred_at)}: the largest movements between
     * the bounds, largest first, a transfer once from its sending side.
     */
    public static final String LARGEST_MOVEMENTS = "query_api.largest_movements";

    private QueryModel() {}
}
