#!/usr/bin/env bash
# Two builds of command-service against one stack, round by round, the order swapped every round
# (A B, B A, ...) so that neither always runs on the warmer machine. Each round restarts the build
# and warms it for 20 s with transfers. Scenarios, as bench/run measures them:
#   lag      the visibility lag and its floor beside keyless transfers paced at RATE (default 400)/s,
#            SAMPLES (default 1000) of each, and how long the samples waited for the relay's round
#   command  the command side alone (query-service paused): transfers without and with a key, and
#            deposits on one hot account, 16 connections, 20 s each
#   whole    the whole system, as bench/run's first scenario: transfers with a key, 16 connections,
#            20 s after 60 s of them, query-service consuming; answered/s, then the seconds until
#            the query side had caught up
# A and B are quarkus-app directories, e.g. a worktree's: git worktree add ../old <commit>, then
# ./mvnw package -DskipTests -pl command-service there. They are builds of SERVICE (command-service,
# or query-service for lag and whole); the other service runs from this tree's build.
# Usage: [SERVICE=query-service] bench/ab.sh <A quarkus-app> <B quarkus-app> lag|command|whole [rounds=4]
usage="usage: [SERVICE=query-service] bench/ab.sh <A quarkus-app> <B quarkus-app> lag|command|whole [rounds=4]"
(( $# >= 3 )) || { echo "$usage" >&2; exit 2; }
# resolved here: lib.sh changes to the repository's root
builds=("$(realpath "$1")" "$(realpath "$2")") scenario=$3 rounds=${4:-4}
[[ $scenario =~ ^(lag|command|whole)$ ]] || { echo "bench: no scenario $scenario (lag, command or whole); $usage" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench: rounds must be a whole number above 0, not $rounds; $usage" >&2; exit 2; }
service=${SERVICE:-command-service}
case $service/$scenario in
    command-service/*) other=query-service ;;
    query-service/lag | query-service/whole) other=command-service ;;
    *) echo "bench: SERVICE is command-service, or query-service for lag and whole, not $service; $usage" >&2; exit 2 ;;
esac
declare -A port=([command-service]=18080 [query-service]=18081) database=([command-service]=command [query-service]=query)
. "$(dirname "$0")/lib.sh"
for build in "${builds[@]}" "$other/target/quarkus-app"; do
    [[ -f $build/quarkus-run.jar ]] || { echo "bench: no $build/quarkus-run.jar: package it first" >&2; exit 1; }
done
[[ -f devstack/target/devstack.classpath ]] || bench_devstack_classpath

rate() { # scenario, VARIABLE=value...: transfers/s answered over 20 s
    bench_load ab "$COMMAND_URL" "$1" 20 16 "${@:2}"
    printf '%.0f' "$(wrk_ok "$BENCH_DIR/wrk-ab.txt" | cut -d' ' -f1)"
}

bench_start_stack
bench_start_build "$service" "${builds[0]}" "${port[$service]}" "${database[$service]}"
bench_start_service "$other" "${port[$other]}" "${database[$other]}"
bench_accounts 100
query_pid=$(cat "$BENCH_DIR/query-service.pid")
if [[ $scenario == command ]]; then
    # a paused query-service would not stop, so it goes on before the stack is stopped, however this ends
    trap 'kill -CONT "$query_pid"; bench_stop' EXIT
    trap 'exit 130' INT TERM
    kill -STOP "$query_pid"
    echo "round build: transfers/s without a key, with a key, deposits/s on one hot account"
elif [[ $scenario == whole ]]; then
    echo "round build: transfers/s with a key answered, seconds until the query side had caught up"
else
    echo "round build: lag samples, p50, p90, p99, max ms, transfers/s answered beside, fell behind, floor p50, p90, p99, max ms;"
    echo "  then how long the samples waited for the relay's round (bench_relay_wait)"
fi
for (( round = 1; round <= rounds; round++ )); do
    order=(0 1)
    (( round % 2 )) || order=(1 0)
    for i in "${order[@]}"; do
        bench_stop_service "$service"
        bench_start_build "$service" "${builds[$i]}" "${port[$service]}" "${database[$service]}"
        rate transfer > /dev/null
        if [[ $scenario == command ]]; then
            echo "$round ${builds[$i]}: $(rate transfer) $(rate transfer IDEMPOTENCY_KEYS=1) $(rate deposit-hot)"
        elif [[ $scenario == whole ]]; then
            # the JIT needs longer than the other scenarios' warm-up to settle at this rate (bench/run)
            for _ in 1 2; do rate transfer IDEMPOTENCY_KEYS=1 > /dev/null; done
            bench_seconds_until_caught_up > /dev/null
            keyed=$(rate transfer IDEMPOTENCY_KEYS=1)
            echo "$round ${builds[$i]}: $keyed $(bench_seconds_until_caught_up)"
        else
            # the warm-up's events applied first, as bench/run lets the query side catch up
            bench_seconds_until_caught_up > /dev/null
            since=$(bench_psql command "SELECT now()" -tA)
            echo "$round ${builds[$i]}: $(bench_visibility_lag "${SAMPLES:-1000}" "${RATE:-400}")"
            echo "  $(bench_relay_wait "$since")"
        fi
    done
done
