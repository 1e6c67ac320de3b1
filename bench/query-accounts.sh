#!/usr/bin/env bash
# Query throughput: GET /accounts/{id} under wrk against the packaged query-service, then the same
# read through pgbench against the same database (the floor), and their ratio. Then end-to-end
# visibility lag (command accepted -> visible on the query side) under a steady transfer load.
# Usage: bench/query-accounts.sh [seconds=20] [connections=16] [accounts=100] [lag-samples=1000]
. "$(dirname "$0")/lib.sh"
seconds=${1:-20}; connections=${2:-16}; accounts=${3:-100}; samples=${4:-1000}

bench_build
bench_start_stack
bench_start_service command-service 18080 command
bench_start_service query-service 18081 query
echo "bench: opening $accounts accounts"
bench_accounts "$accounts"
last=$(tail -n 1 "$BENCH_DIR/accounts.txt")
curl -fs -o /dev/null -H "Authorization: Bearer $LEDGER_TOKEN" -H 'X-Min-Version: 2' "$QUERY_URL/accounts/$last"
bench_numbered_accounts query account_summary

bench_against_floor "$seconds" "$connections" "$accounts" queries "$QUERY_URL" get-account query \
    "GET /accounts/{id}" read

echo "bench: visibility lag, $samples samples, beside a steady 50 transfers/s"
read -r lag_n lag_p50 lag_p90 lag_p99 lag_max background_rps _ _ _ floor_p99 _ < <(bench_visibility_lag "$samples" 50) || true
[[ -n $lag_n ]] || { echo "bench: the visibility lag was not measured (see above)" >&2; exit 1; }

bench_floor_report queries "queries, $connections connections, ${seconds}s" "GET /accounts/{id} (HTTP)" \
    "same read via pgbench (floor)"
printf '\nvisibility lag over %d deposits, beside %s transfers/s: p50 %s ms, p90 %s ms, p99 %s ms, max %s ms (floor p99 %s ms)\n' \
    "$lag_n" "${background_rps:-?}" "$lag_p50" "$lag_p90" "$lag_p99" "$lag_max" "$floor_p99"
