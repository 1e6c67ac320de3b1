#!/usr/bin/env bash
# What an overload does to command-service's memory, and what the ACD proxy's limit of requests at
# once (APP_MAX_REQUESTS) does about it: keyed transfers from 16 connections, then from many at once,
# first through HAProxy running the acd-proxy component's haproxy.cfg, then straight to the service.
# After each run: transfers/s, p99, non-2xx answers, the service's RSS, heap and metaspace, and the
# proxy's peak RSS. The proxied run comes first, since the serial GC does not give back a heap it has grown.
# Usage: bench/overload.sh [seconds=30] [connections=1000] [accounts=100]
. "$(dirname "$0")/lib.sh"
seconds=${1:-30}; connections=${2:-1000}; accounts=${3:-100}

bench_build
bench_start_stack
bench_start_service command-service 18080 command
command_pid=$(cat "$BENCH_DIR/command-service.pid")
echo "bench: opening $accounts accounts"
bench_accounts "$accounts"
# one client sends everything here: limits far above what it can send
bench_start_proxy 18080 'accounts|transfers' "$(tail -n 1 "$BENCH_DIR/accounts.txt")" \
    COMMAND_RATE_LIMIT=1000000000 COMMAND_BURST_LIMIT=1000000000 QUERY_RATE_LIMIT=1000000000 QUERY_BURST_LIMIT=1000000000
proxy_pid=${bench_pids[-1]}
# the most the proxy has held so far: its queue lives while a run lasts
proxy_peak_mib() { bench_rss_mib "$proxy_pid" VmHWM; }

run() { # name, url, connections: one line of the table
    ACCOUNTS_FILE=$BENCH_DIR/accounts.txt IDEMPOTENCY_KEYS=1 wrk -t2 -c"$3" -d"${seconds}s" --timeout 30s --latency \
        -s bench/scenarios/transfer.lua "$2" > "$BENCH_DIR/wrk-$1.txt"
    read -r rps _ p99 bad < <(wrk_summary "$BENCH_DIR/wrk-$1.txt")
    bench_memory "$command_pid" | jq -r --arg name "$1" --argjson rps "$rps" --argjson p99 "$p99" --argjson bad "$bad" \
        --argjson proxy "$(proxy_peak_mib)" \
        '"| \($name) | \($rps | round) | \($p99) | \($bad) | \(.rss_mib) | \(.heap_committed_mib) | \(.heap_used_mib) | \(.metaspace_mib) | \($proxy) |"'
}
echo "bench: keyed transfers, ${seconds}s a run, after a 60 s warm-up at 16 connections"
echo "| Run | transfers/s | p99 ms | non-2xx | RSS MiB | heap committed | heap used | metaspace | proxy peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
bench_memory "$command_pid" | jq -r --argjson proxy "$(proxy_peak_mib)" \
    '"| after start | | | | \(.rss_mib) | \(.heap_committed_mib) | \(.heap_used_mib) | \(.metaspace_mib) | \($proxy) |"'
seconds=60 run "warm-up, 16 connections" "$COMMAND_URL" 16
run "16 connections" "$COMMAND_URL" 16
run "$connections connections, through the proxy" http://127.0.0.1:28081 "$connections"
run "$connections connections, straight to the service" "$COMMAND_URL" "$connections"
