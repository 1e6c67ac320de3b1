package dev.ledger.query.projection;

/** What applying one event to the live read model did (see projection.apply_event in V1__projection.sql). */
public enum ApplyOutcome {
    /** version == last + 1: the read models changed. */
    APPLIED,
    /** version <= last: seen before, nothing changed. */
    DUPLICATE,
    /** version > last + 1: an earlier event is missing, nothing changed. */
    GAP,
    /** Still a gap after the retries: kept in projection.parked_event until the missing versions arrive. */
    PARKED
}
