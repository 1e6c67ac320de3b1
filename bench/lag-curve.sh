#!/usr/bin/env bash
# Where the visibility lag leaves its target: the lag and its floor beside keyless transfers paced at
# each rate given, as bench/run measures them (bench_visibility_lag), in one stack after one warm-up,
# with how long the samples waited for the relay's round, and the relay's rounds meanwhile.
# bench/run measures two points of this curve, 50/s and 80 % of the sustained rate.
# Usage: bench/lag-curve.sh [transfers/s ...] (default 50 100 200 300 400); SAMPLES (default 1000)
. "$(dirname "$0")/lib.sh"
rates=("${@:-50 100 200 300 400}")
read -r -a rates <<< "${rates[*]}"
for rate in "${rates[@]}"; do
    [[ $rate =~ ^[1-9][0-9]*$ ]] || { echo "bench: a rate is a whole number of transfers/s, not $rate" >&2; exit 2; }
done
for build in command-service query-service; do
    [[ -f $build/target/quarkus-app/quarkus-run.jar ]] || { echo "bench: no $build/target/quarkus-app: package it first" >&2; exit 1; }
done
[[ -f devstack/target/devstack.classpath ]] || bench_devstack_classpath

bench_start_stack
bench_start_service command-service 18080 command
bench_start_service query-service 18081 query
bench_accounts 100
bench_warm_up transfers "$COMMAND_URL" transfer 16 12
bench_seconds_until_caught_up > /dev/null

printf '%-8s %-9s %8s %8s %8s %10s %7s %15s %9s %11s\n' "asked/s" "answered" "p50 ms" "p90 ms" "p99 ms" "floor p99" \
    "ratio" "relay wait p99" "rounds/s" "events/round"
for rate in "${rates[@]}"; do
    since=$(bench_psql command "SELECT now()" -tA)
    read -r _ p50 p90 p99 _ answered behind _ _ f_p99 _ < <(bench_visibility_lag "${SAMPLES:-1000}" "$rate") || true
    [[ -n ${p99:-} ]] || { echo "bench: the lag at $rate/s was not measured (see above)" >&2; exit 1; }
    relay=$(bench_relay_wait "$since")
    [[ $behind == true ]] && p99="$p99*"
    printf '%-8s %-9.0f %8s %8s %8s %10s %7.2f %15s %9s %11s\n' "$rate" "$answered" "$p50" "$p90" "$p99" "$f_p99" \
        "$(calc "${p99%\*} / $f_p99")" "$(jq .p99_ms <<< "$relay")" "$(jq .rounds_per_second <<< "$relay")" \
        "$(jq .events_per_round <<< "$relay")"
    bench_seconds_until_caught_up > /dev/null
done
echo "(* the samples fell behind for 30 s: the query side could not keep up at that rate)"
