-- The live consumer's whole step for one event in one statement (so one round trip, and one
-- implicit transaction): apply it to every registered read model (the ACTIVE one and, during a
-- rebuild, the BUILDING one), apply parked successors where it was applied, and return the outcome
-- on the ACTIVE read model. Holding the registry rows FOR SHARE makes a read-model switch wait for it.
CREATE FUNCTION projection.apply_to_read_models(event_type text, event jsonb) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    model          record;
    outcome        text;
    active_outcome text;
BEGIN
    FOR model IN SELECT schema_name, state FROM projection.read_model ORDER BY state, schema_name FOR SHARE LOOP
        outcome := projection.apply_event(model.schema_name, event_type, event);
        IF outcome = 'APPLIED' THEN
            PERFORM projection.apply_parked(model.schema_name, (event->>'accountId')::uuid);
        END IF;
        IF model.state = 'ACTIVE' THEN
            active_outcome := outcome;
        END IF;
    END LOOP;
    IF active_outcome IS NULL THEN
        RAISE EXCEPTION 'no ACTIVE read model is registered in projection.read_model';
    END IF;
    RETURN active_outcome;
END;
$$;
