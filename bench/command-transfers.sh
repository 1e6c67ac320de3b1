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

bench_against_floor "$seconds" "$connections" "$accounts" transfers "$COMMAND_URL" transfer command \
    "POST /transfers" transaction
bench_floor_report transfers "transfers, $connections connections, ${seconds}s" \
    "POST /transfers (HTTP, idempotency-free)" "same SQL transaction via pgbench (floor)"
echo "raw output: $BENCH_DIR/wrk-transfers.txt, $BENCH_DIR/pgbench-transfers.txt"
