-- The W3C trace context (traceparent, tracestate) of the command that wrote each outbox row. The
-- relay sends the row hours later if Kafka is away, from a transaction of its own: only this column
-- ties the Kafka record, and what consumers do with it, to the request's trace. NULL when the
-- command was not traced.
ALTER TABLE outbox_event
    ADD COLUMN trace_parent text,
    ADD COLUMN trace_state  text;
