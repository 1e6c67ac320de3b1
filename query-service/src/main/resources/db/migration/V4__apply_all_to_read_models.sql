-- The live consumer's step for the events of one poll of a partition: each applied exactly as
-- apply_to_read_models applies it, in the order given, in one statement (so one round trip and one
-- implicit transaction: all of them or, on an error, none). Returns the outcomes on the ACTIVE read
-- model in the same order.
CREATE FUNCTION projection.apply_all_to_read_models(event_types text[], events jsonb[]) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    outcomes text[] := '{}';
BEGIN
    IF cardinality(event_types) IS DISTINCT FROM cardinality(events) THEN
        RAISE EXCEPTION '% event types for % events', cardinality(event_types), cardinality(events);
    END IF;
    FOR i IN 1 .. cardinality(events) LOOP
        outcomes := outcomes || projection.apply_to_read_models(event_types[i], events[i]);
    END LOOP;
    RETURN outcomes;
END;
$$;
