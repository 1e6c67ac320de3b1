#!/usr/bin/env bash
# The ACD proxy's cost and its cache: GET /accounts/{id} straight to the packaged query-service (the
# floor), then through HAProxy running the acd-proxy component's haproxy.cfg, first past its cache
# (X-Min-Version, which the proxy never answers from the cache), then from its cache. Latency
# p50/p99 and throughput of each, and the ratios against the direct run.
# Usage: bench/proxy.sh [seconds=20] [connections=16] [accounts=100]
. "$(dirname "$0")/lib.sh"
seconds=${1:-20}; connections=${2:-16}; accounts=${3:-100}
PROXY_URL=http://127.0.0.1:28081

bench_build
bench_start_stack
bench_start_service command-service 18080 command
# answers stay in the proxy's cache for the whole run
LEDGER_HTTP_CACHE_MAX_AGE=600s bench_start_service query-service 18081 query
echo "bench: opening $accounts accounts"
bench_accounts "$accounts"
last=$(tail -n 1 "$BENCH_DIR/accounts.txt")
curl -fs -o /dev/null -H "Authorization: Bearer $LEDGER_TOKEN" -H 'X-Min-Version: 2' "$QUERY_URL/accounts/$last"

# one client sends everything here: limits far above what it can send
bench_start_proxy 18081 'accounts|ledger/totals' "$last" QUERY_RATE_LIMIT=1000000000 QUERY_BURST_LIMIT=1000000000

run() { # name, url, wrk options...
    local name=$1 url=$2
    shift 2
    ACCOUNTS_FILE=$BENCH_DIR/accounts.txt wrk -t2 -c"$connections" -d5s "$@" -s bench/scenarios/get-account.lua "$url" > /dev/null
    ACCOUNTS_FILE=$BENCH_DIR/accounts.txt wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" \
        -s bench/scenarios/get-account.lua "$url" > "$BENCH_DIR/wrk-$name.txt"
    wrk_summary "$BENCH_DIR/wrk-$name.txt"
}
echo "bench: GET /accounts/{id}, ${seconds}s each after 5 s of warm-up, $connections connections"
read -r direct_rps direct_p50 direct_p99 direct_bad < <(run direct "$QUERY_URL" -H 'X-Min-Version: 1')
read -r proxied_rps proxied_p50 proxied_p99 proxied_bad < <(run proxied "$PROXY_URL" -H 'X-Min-Version: 1')
read -r cached_rps cached_p50 cached_p99 cached_bad < <(run cached "$PROXY_URL")

printf '\n%-44s %10s %10s %10s\n' "GET /accounts/{id}, $connections connections" "per second" "p50 ms" "p99 ms"
printf '%-44s %10.0f %10.2f %10.2f\n' "direct to the service (floor)" "$direct_rps" "$direct_p50" "$direct_p99"
printf '%-44s %10.0f %10.2f %10.2f\n' "through the proxy, past its cache" "$proxied_rps" "$proxied_p50" "$proxied_p99"
printf '%-44s %10.0f %10.2f %10.2f\n' "through the proxy, from its cache" "$cached_rps" "$cached_p50" "$cached_p99"
printf '%-44s %10.2f %10.2f %10.2f\n' "ratio past the cache / direct" "$(echo "$proxied_rps / $direct_rps" | bc -l)" \
    "$(echo "$proxied_p50 / $direct_p50" | bc -l)" "$(echo "$proxied_p99 / $direct_p99" | bc -l)"
printf '%-44s %10.2f %10.2f %10.2f\n' "ratio from the cache / direct" "$(echo "$cached_rps / $direct_rps" | bc -l)" \
    "$(echo "$cached_p50 / $direct_p50" | bc -l)" "$(echo "$cached_p99 / $direct_p99" | bc -l)"
echo "non-2xx answers: direct $direct_bad, past the cache $proxied_bad, from the cache $cached_bad"
