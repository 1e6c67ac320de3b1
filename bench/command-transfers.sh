#!/usr/bin/env bash
# Command throughput: POST /transfers under wrk against the packaged command-service, then the same
# SQL transaction through pgbench against the same database (the floor), and their ratio.
# Usage: bench/command-transfers.sh [seconds=20] [connections=16] [accounts=100]
. "$(dirname "$0")/lib.sh"
seconds=${1:-20}; connections=${2:-16}; accounts=${3:-100}

bench_build
bench_start_stack
bench_start_service command-service 18080 command
echo "bench: opening $accounts accounts"
bench_accounts "$accounts"
bench_numbered_accounts command account

echo "bench: warm-up (5 s)"
ACCOUNTS_FILE=$BENCH_DIR/accounts.txt wrk -t2 -c"$connections" -d5s -s bench/scenarios/transfer.lua "$COMMAND_URL" > /dev/null
echo "bench: POST /transfers for ${seconds}s, $connections connections"
ACCOUNTS_FILE=$BENCH_DIR/accounts.txt wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/scenarios/transfer.lua \
    "$COMMAND_URL" > "$BENCH_DIR/wrk-transfers.txt"
read -r http_rps http_p50 http_p99 http_bad < <(wrk_summary "$BENCH_DIR/wrk-transfers.txt")

echo "bench: the same transaction through pgbench for ${seconds}s, $connections clients"
PGPASSWORD=$DB_PASSWORD pgbench -n -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -c "$connections" -j 2 -T "$seconds" \
    -D accounts="$accounts" -f bench/scenarios/transfer.sql command > "$BENCH_DIR/pgbench-transfers.txt"
sql_tps=$(awk '/^tps/ {print $3; exit}' "$BENCH_DIR/pgbench-transfers.txt")
sql_latency=$(awk '/^latency average/ {print $4}' "$BENCH_DIR/pgbench-transfers.txt")

printf '\n%-44s %10s %10s %10s\n' "transfers, $connections connections, ${seconds}s" "per second" "p50 ms" "p99 ms"
printf '%-44s %10.0f %10.2f %10.2f\n' "POST /transfers (HTTP, idempotency-free)" "$http_rps" "$http_p50" "$http_p99"
printf '%-44s %10.0f %10.2f %10s\n' "same SQL transaction via pgbench (floor)" "$sql_tps" "$sql_latency" "(avg)"
printf '%-44s %10.2f\n' "ratio HTTP / SQL" "$(echo "$http_rps / $sql_tps" | bc -l)"
echo "non-2xx answers during the HTTP run: $http_bad"
echo "raw output: $BENCH_DIR/wrk-transfers.txt, $BENCH_DIR/pgbench-transfers.txt"
