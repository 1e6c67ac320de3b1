package dev.ledger.command.model;

/**
 * What command-service publishes to other modules, each name defined here once: the views and
 * functions of its {@code V2__published_api.sql} (schema {@code command_api}), the relay's lock
 * and the channel that wakes the relay. Its tables ({@code account}, {@code transfer},
 * {@code outbox_event}, {@code idempotency_key}) stay private to it: command-service may change
 * them as long as these names keep their meaning. Names only, no SQL: each caller binds parameters
 * in its own client's syntax.
 */
public final class CommandModel {

    /**
     * Key of the advisory lock a relay round holds until its transaction ends, so that one relay of
     * all replicas publishes at a time and every account's events stay in order. Arbitrary and
     * fixed; whoever else holds it pauses the relay (the jobs' tests do).
     */
    public static final long RELAY_LOCK = 0x6c65646765720001L;

    /** The channel the outbox trigger notifies on commit; a {@code NOTIFY} on it wakes the relay at once. */
    public static final String OUTBOX_CHANNEL = "outbox_event";

    /**
     * The login of the jobs that only read the write model (reconcile): it may read the published
     * views and change nothing. The platform creates it (a CloudNativePG managed role, or the managed
     * database's user); command-service grants it the views on every start (afterMigrate.sql).
     */
    public static final String READ_ONLY_ROLE = "ledger_command_reader";

    /** View: every account's {@code id, currency, balance, version, status}. */
    public static final String ACCOUNT_STATE = "command_api.account_state";

    /** View: each currency's {@code currency, total_balance, open_accounts}. */
    public static final String CURRENCY_STATE = "command_api.currency_state";

    /** View: the {@code account_id} of every account with an event the relay has not published yet. */
    public static final String ACCOUNTS_WITH_UNPUBLISHED_EVENTS = "command_api.account_with_unpublished_events";

    /** Function {@code (cutoff timestamptz) -> bigint}: published outbox rows older than the cutoff. */
    public static final String COUNT_PURGEABLE_OUTBOX_EVENTS = "command_api.count_purgeable_outbox_events";

    /**
     * Function {@code (cutoff timestamptz, batch_size int) -> int}: deletes at most a batch of those
     * rows, oldest first, and returns how many; never an unpublished row.
     */
    public static final String PURGE_OUTBOX_EVENTS = "command_api.purge_outbox_events";

    /** Function {@code (cutoff timestamptz) -> bigint}: idempotency keys created before the cutoff. */
    public static final String COUNT_PURGEABLE_IDEMPOTENCY_KEYS = "command_api.count_purgeable_idempotency_keys";

    /**
     * Function {@code (cutoff timestamptz, batch_size int) -> int}: deletes at most a batch of those
     * keys, oldest first, and returns how many.
     */
    public static final String PURGE_IDEMPOTENCY_KEYS = "command_api.purge_idempotency_keys";

    private CommandModel() {}
}
