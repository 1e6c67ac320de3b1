#!/usr/bin/env bash
# Why the projection's rules stay in SQL: what one event costs through projection.apply_to_read_models
# with one round trip per event (as the consumer sends a poll of one event), through
# projection.apply_all_to_read_models with one round trip per 500 (a full poll, as a backlog comes),
# and the same events applied inside the server with no round trip at all. The difference is the
# price of a round trip here; the rules in Java would pay it once per statement
# (docs/events-and-projections.md counts about eight).
# Usage: bench/projection-round-trips.sh [accounts=500] [events-per-account=20]
. "$(dirname "$0")/lib.sh"
accounts=${1:-500}; per_account=${2:-20}
events=$(( accounts * per_account ))

bench_build
bench_start_stack
bench_start_service query-service 18081 query   # runs the migrations; its consumer stays idle

# Three disjoint sets of accounts, one per run, each: an opening, then deposits, versions 1..n.
# bench_event is this script's scratch table, dropped at the end.
bench_psql query "
CREATE TABLE bench_event AS
SELECT run, row_number() OVER (ORDER BY run, a, v) AS seq,
       CASE WHEN v = 1 THEN 'dev.ledger.account.opened' ELSE 'dev.ledger.account.money-deposited' END AS type,
       jsonb_build_object('eventId', gen_random_uuid(), 'accountId', id, 'version', v,
                          'occurredAt', '2026-11-23T09:30:00Z', 'owner', 'bench', 'currency', 'EUR',
                          'amount', 10, 'balanceAfter', 10 * (v - 1), 'reference', null) AS body
FROM (SELECT run, a, gen_random_uuid() AS id FROM generate_series(1, 3) run, generate_series(1, $accounts) a) ids,
     generate_series(1, $per_account) v"

echo "bench: $events events, one statement (one round trip) each, as the consumer applies them"
bench_psql query "COPY (SELECT format('SELECT projection.apply_to_read_models(%L, %L::jsonb);', type, body)
                        FROM bench_event WHERE run = 1 ORDER BY seq) TO STDOUT" -t > "$BENCH_DIR/apply-events.sql"
started=${EPOCHREALTIME/./}   # microseconds; bash 5, portable unlike date +%N
PGPASSWORD=$DB_PASSWORD psql -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d query -v ON_ERROR_STOP=1 \
    -f "$BENCH_DIR/apply-events.sql" > /dev/null
client_us=$(( ${EPOCHREALTIME/./} - started ))

echo "bench: the same number of events, 500 to a statement, as the consumer applies a full poll"
# psql's unaligned output, not COPY's text format, which would escape the backslashes again
bench_psql query "SELECT format('SELECT projection.apply_all_to_read_models(%L::text[], %L::jsonb[]);',
                                array_agg(type ORDER BY seq), array_agg(body ORDER BY seq))
                  FROM bench_event WHERE run = 3 GROUP BY (seq - 1) / 500 ORDER BY min(seq)" -tA \
    > "$BENCH_DIR/apply-polls.sql"
started=${EPOCHREALTIME/./}
PGPASSWORD=$DB_PASSWORD psql -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d query -v ON_ERROR_STOP=1 \
    -f "$BENCH_DIR/apply-polls.sql" > /dev/null
polls_us=$(( ${EPOCHREALTIME/./} - started ))

echo "bench: the same number of events applied inside the server, no round trip"
server_ms=$(bench_psql query "\\timing on" -c "DO \$\$ DECLARE e record; BEGIN
    FOR e IN SELECT type, body FROM bench_event WHERE run = 2 ORDER BY seq LOOP
        PERFORM projection.apply_to_read_models(e.type, e.body);
    END LOOP; END \$\$" | awk '/^Time:/ {print $2}' | tail -n 1)

echo "bench: round-trip time of an empty statement (pgbench, 1 client, 10 s)"
printf 'SELECT 1;\n' > "$BENCH_DIR/select-1.sql"
PGPASSWORD=$DB_PASSWORD pgbench -n -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -c 1 -T 10 -f "$BENCH_DIR/select-1.sql" query \
    > "$BENCH_DIR/pgbench-rtt.txt"
rtt_ms=$(awk '/^latency average/ {print $4}' "$BENCH_DIR/pgbench-rtt.txt")
bench_psql query "DROP TABLE bench_event"

awk -v n="$events" -v client_us="$client_us" -v polls_us="$polls_us" -v server_ms="$server_ms" -v rtt="$rtt_ms" 'BEGIN {
    per_event = client_us / 1e3 / n; per_polled = polls_us / 1e3 / n; work = server_ms / n
    printf "\n| per event | ms |\n|---|---|\n"
    printf "| one statement from the client (the consumer'"'"'s way, a poll of one event) | %.3f |\n", per_event
    printf "| one statement per 500 events (the consumer'"'"'s way, a full poll) | %.3f |\n", per_polled
    printf "| applied inside the server (the work alone) | %.3f |\n", work
    printf "| an empty statement'"'"'s round trip (pgbench SELECT 1) | %.3f |\n", rtt
    printf "| the same work as eight statements (work + 8 round trips) | %.3f |\n", work + 8 * rtt
    printf "\nper partition, events/s: one statement %.0f, full polls %.0f, eight statements %.0f (ratio %.1f)\n",
        1000 / per_event, 1000 / per_polled, 1000 / (work + 8 * rtt), (work + 8 * rtt) / per_event
    printf "with a 0.5 ms round trip (pod to database across nodes): %.0f vs %.0f events/s\n",
        1000 / (work + 0.5), 1000 / (work + 8 * 0.5)
}'
