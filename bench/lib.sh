# shellcheck shell=bash
# Sourced by the bench scripts: builds the services, starts a private stack (own ports and data, so
# bin/dev can keep running) and the packaged services, stops all of it on exit, and measures a
# request against its SQL floor.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bin/lib/java.sh
for tool in wrk pgbench curl jq; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed (Debian: apt-get install wrk postgresql-client curl jq)" >&2; exit 1; }
done

BENCH_DIR=target/bench
export DEVSTACK_DATA_DIR=$BENCH_DIR/devstack DEVSTACK_POSTGRES_PORT=25432 DEVSTACK_KAFKA_PORT=29092
# shellcheck disable=SC2034  # read by the scripts that source this file
COMMAND_URL=http://127.0.0.1:18080
# shellcheck disable=SC2034
QUERY_URL=http://127.0.0.1:18081
set -m
bench_pids=()

bench_stop() {
    local i
    for (( i=${#bench_pids[@]}-1; i>=0; i-- )); do
        kill -TERM -- "-${bench_pids[$i]}" 2>/dev/null || true
        wait "${bench_pids[$i]}" 2>/dev/null || true
    done
}
trap bench_stop EXIT INT TERM

bench_build() {
    echo "bench: building (./mvnw package)"
    ./mvnw -q -B package -DskipTests -pl command-service,query-service -am
    bench_devstack_classpath
}

# devstack's class path, for starting its stack (bench_start_stack) and the bench's Java helpers.
# devstack is packaged in the same reactor as the modules it uses (contracts, ...): only then do they
# resolve from their target/, on a machine whose local repository never had them installed. Each
# module of that reactor gets the file; the bench reads devstack's.
bench_devstack_classpath() {
    ./mvnw -q -B package -DskipTests -pl devstack -am \
        dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/devstack.classpath
}

bench_start_stack() {
    rm -rf "$DEVSTACK_DATA_DIR" "$BENCH_DIR/devstack.log" "$BENCH_DIR/lag-floor.log"
    mkdir -p "$BENCH_DIR"
    "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -cp "devstack/target/classes:$(cat devstack/target/devstack.classpath)" \
        dev.ledger.devstack.DevstackMain > "$BENCH_DIR/devstack.log" 2>&1 &
    bench_pids+=($!)
    until grep -qs "devstack: ready" "$BENCH_DIR/devstack.log"; do
        kill -0 "${bench_pids[-1]}" 2>/dev/null || { cat "$BENCH_DIR/devstack.log" >&2; exit 1; }
        sleep 0.5
    done
    set -a
    # shellcheck source=/dev/null  # written by DevstackMain just now
    . "$DEVSTACK_DATA_DIR/devstack.env"
    # shellcheck source=/dev/null  # its tokens, one per role: the load sends the admin's
    . "$DEVSTACK_DATA_DIR/tokens.env"
    LEDGER_TOKEN=$LEDGER_ADMIN_TOKEN
    set +a
}

# The JVM flags of a module's container: JAVA_TOOL_OPTIONS of its generated Deployment, the pod's
# memory limit as the RAM the JVM sizes its heap from, and its CPU limit as the processors it sees,
# so that on one CPU it picks the serial GC as it does in the pod. (The process is not confined to
# that CPU: the load, the database and Kafka share the machine's cores.)
bench_container_jvm_flags() { # module
    local manifest=k8s/base/$1/kubernetes.yml options memory cpu
    options=$(awk '/name: JAVA_TOOL_OPTIONS/ {getline; sub(/.*value: /, ""); print; exit}' "$manifest")
    memory=$(awk '/limits:/ {l=1} l && /memory:/ {print $2; exit}' "$manifest")
    cpu=$(awk '/limits:/ {l=1} l && /cpu:/ {gsub(/"/, "", $2); print $2; exit}' "$manifest")
    memory=${memory/Mi/m}; memory=${memory/Gi/g}
    [[ $cpu == *m ]] && cpu=$(( (${cpu%m} + 999) / 1000 ))
    echo "$options -XX:MaxRAM=$memory -XX:ActiveProcessorCount=$cpu"
}

# Starts a packaged service with its container's JVM flags and waits until it is ready; the time
# from launch to the first ready answer goes to $BENCH_DIR/<module>.ready-ms, its pid to <module>.pid.
# Tracing is off: devstack's trace collector keeps every span in its own heap, beside Kafka's, and
# under a load of thousands of spans a second it would measure itself, not the services.
bench_start_service() { # module, port, database, extra JVM flags...
    bench_start_build "$1" "$1/target/quarkus-app" "${@:2}"
}

# The same for a build of the module kept elsewhere (a quarkus-app directory), as bench/ab.sh compares two.
bench_start_build() { # module, quarkus-app directory, port, database, extra JVM flags...
    local started flags
    read -r -a flags <<< "$(bench_container_jvm_flags "$1")"
    started=$(date +%s%N)
    DB_NAME=$4 "$JAVA_HOME/bin/java" "${flags[@]}" "${@:5}" -Dquarkus.http.port="$3" \
        -Dquarkus.log.level=WARN -Dquarkus.otel.sdk.disabled=true -jar "$2/quarkus-run.jar" > "$BENCH_DIR/$1.log" 2>&1 &
    bench_pids+=($!)
    echo "$!" > "$BENCH_DIR/$1.pid"
    until curl -fs -o /dev/null "http://127.0.0.1:$3/q/health/ready"; do
        kill -0 "${bench_pids[-1]}" 2>/dev/null || { cat "$BENCH_DIR/$1.log" >&2; exit 1; }
        sleep 0.02
    done
    echo $(( ($(date +%s%N) - started) / 1000000 )) > "$BENCH_DIR/$1.ready-ms"
}

# Stops a service bench_start_service started, and waits until it has exited.
bench_stop_service() { # module
    local pid i
    pid=$(cat "$BENCH_DIR/$1.pid")
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # bench_stop must not signal its process group again: the number may be another's by then
    for i in "${!bench_pids[@]}"; do
        [[ ${bench_pids[$i]} == "$pid" ]] && unset 'bench_pids[i]'
    done
    bench_pids=("${bench_pids[@]}")
}

# The visibility lag's floor (bench/LagFloor.java): <samples> round trips of a commit, a Kafka
# produce and consume, and a commit, with nothing of the ledger in them. Prints
# "samples p50 p90 p99 max" in milliseconds; its log in $BENCH_DIR/lag-floor.log, cleared with each
# new stack.
bench_lag_floor() { # samples
    timeout 10m "$JAVA_HOME/bin/java" -cp "$(cat devstack/target/devstack.classpath)" bench/LagFloor.java "$KAFKA_BOOTSTRAP_SERVERS" \
        "jdbc:postgresql://$DB_HOST:$DB_PORT/command" "jdbc:postgresql://$DB_HOST:$DB_PORT/query" "$DB_USER" \
        "$DB_PASSWORD" "$1" 2>> "$BENCH_DIR/lag-floor.log"
}

# True once the relay has published every outbox row and the projection shows every version.
bench_caught_up() {
    [[ $(bench_psql command "SELECT count(*) FROM outbox_event WHERE published_at IS NULL" -tA) == 0 &&
       $(bench_psql command "SELECT sum(version) FROM account" -tA) == \
       $(bench_psql query "SELECT sum(version) FROM query_api.account_state" -tA) ]]
}

bench_seconds_until_caught_up() { # -> seconds, at most 600
    local started=$SECONDS
    until bench_caught_up; do
        (( SECONDS - started < 600 )) || { echo "bench: not caught up after 600 s" >&2; exit 1; }
        sleep 0.1
    done
    echo $(( SECONDS - started ))
}

# How long the deposits since <time> (VisibilityLag's samples) waited for the relay's round that
# published them, and the relay's rounds a second and events a round meanwhile, as JSON. The wait is
# published_at - occurred_at: a round marks its rows with the time its transaction began, and a
# command stamps its event before it commits. So it includes the deposit's own commit, starts before
# the lag (which counts from the command's answer), and may be slightly below zero for a row that a
# round began before and read after its commit. Its percentiles sit beside the lag's; they do not
# add up with anything.
bench_relay_wait() { # since, a PostgreSQL timestamp
    bench_psql command "
        WITH deposits AS (
            SELECT occurred_at, 1000 * extract(epoch FROM published_at - occurred_at) AS waited_ms
            FROM outbox_event
            WHERE event_type = 'dev.ledger.account.money-deposited' AND occurred_at >= '$1'),
        span AS (
            SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM deposits),
        rounds AS (
            SELECT count(*) AS events, count(DISTINCT published_at) AS rounds,
                extract(epoch FROM (SELECT last - first FROM span)) AS seconds
            FROM outbox_event
            WHERE occurred_at BETWEEN (SELECT first FROM span) AND (SELECT last FROM span))
        SELECT json_build_object(
            'deposits', count(*),
            'p50_ms', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY waited_ms)::numeric, 1),
            'p90_ms', round(percentile_cont(0.9) WITHIN GROUP (ORDER BY waited_ms)::numeric, 1),
            'p99_ms', round(percentile_cont(0.99) WITHIN GROUP (ORDER BY waited_ms)::numeric, 1),
            'max_ms', round(max(waited_ms)::numeric, 1),
            'rounds_per_second', (SELECT round(rounds / nullif(seconds, 0), 1) FROM rounds),
            'events_per_round', (SELECT round(events::numeric / nullif(rounds, 0), 1) FROM rounds))
        FROM deposits" -tA
}

# Visibility lag (bench/VisibilityLag.java: <samples> deposits, each polled on the query side until
# it shows), then its floor (bench_lag_floor, as many round trips), both beside <transfers/s>
# keyless transfers from wrk, paced (bench/scenarios/transfer.lua's RATE) on 64 connections, so that
# a service that falls behind has at most 64 waiting. The floor runs under the same load as the lag:
# their ratio is then what the ledger adds, not what the load costs every round trip on this machine.
# Prints "samples p50 p90 p99 max transfers/s-answered-2xx fell-behind floor-p50 floor-p90 floor-p99
# floor-max", or nothing, with the reason on stderr, when a part failed; wrk's output in
# $BENCH_DIR/wrk-beside-lag.txt.
bench_visibility_lag() { # samples, transfers/s
    # a subshell of its own: its EXIT trap stops wrk however the samples end, and leaves bench_stop's alone
    (
        local threads=2 lag floor wrk_pid n p50 p90 p99 max behind rate
        RATE=$2 THREADS=$threads ACCOUNTS_FILE=$BENCH_DIR/accounts.txt wrk -t"$threads" -c64 -d15m \
            -s bench/scenarios/transfer.lua "$COMMAND_URL" > "$BENCH_DIR/wrk-beside-lag.txt" &
        wrk_pid=$!
        trap 'kill -TERM "$wrk_pid" 2>/dev/null; wait "$wrk_pid" 2>/dev/null || true' EXIT
        lag=$(timeout 14m "$JAVA_HOME/bin/java" bench/VisibilityLag.java "$COMMAND_URL" "$QUERY_URL" \
            "$BENCH_DIR/accounts.txt" "$1") || { echo "bench: the lag's samples failed" >&2; exit 0; }
        floor=$(bench_lag_floor "$1") || { echo "bench: the lag's floor failed (see $BENCH_DIR/lag-floor.log)" >&2; exit 0; }
        kill -0 "$wrk_pid" 2>/dev/null || { echo "bench: wrk beside the lag stopped early:" >&2; cat "$BENCH_DIR/wrk-beside-lag.txt" >&2; exit 0; }
        # wrk prints its summary when interrupted
        kill -INT "$wrk_pid"
        wait "$wrk_pid" || true
        read -r n p50 p90 p99 max behind <<< "$lag"
        read -r rate _ < <(wrk_ok "$BENCH_DIR/wrk-beside-lag.txt")
        echo "$n $p50 $p90 $p99 $max $rate $behind ${floor#* }"
    )
}

# A process's resident memory in MiB: now (VmRSS), or the most it has held (VmHWM).
bench_rss_mib() { # pid, [VmRSS|VmHWM]
    awk -v field="^${2:-VmRSS}:" '$0 ~ field {printf "%.0f", $2 / 1024}' "/proc/$1/status"
}

# A JVM's memory as JSON: RSS from /proc; the heap committed and used, and metaspace, in MiB from its
# performance counters (jstat reads them from the hsperfdata file, so a paused JVM answers too).
bench_memory() { # pid
    "$JAVA_HOME/bin/jstat" -gc "$1" | awk -v rss="$(bench_rss_mib "$1")" '
        NR == 1 {for (i = 1; i <= NF; i++) column[$i] = i; next}
        {printf "{\"rss_mib\": %d, \"heap_committed_mib\": %d, \"heap_used_mib\": %d, \"metaspace_mib\": %d}\n", rss,
            ($column["S0C"] + $column["S1C"] + $column["EC"] + $column["OC"]) / 1024,
            ($column["S0U"] + $column["S1U"] + $column["EU"] + $column["OU"]) / 1024, $column["MC"] / 1024}'
}

bench_psql() { # database, sql
    PGPASSWORD=$DB_PASSWORD PGOPTIONS='-c client_min_messages=warning' psql -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$1" -v ON_ERROR_STOP=1 -c "$2" "${@:3}"
}

# wrk on a scenario of bench/scenarios against the accounts bench_accounts opened.
bench_load() { # name, url, scenario, seconds, connections, [env...]: wrk into $BENCH_DIR/wrk-<name>.txt
    env "${@:6}" ACCOUNTS_FILE="$BENCH_DIR/accounts.txt" wrk -t2 -c"$5" -d"$4s" --latency \
        -s "bench/scenarios/$3.lua" "$2" > "$BENCH_DIR/wrk-$1.txt"
}

# The JIT needs tens of seconds, even minutes, on the one processor the container's flags give a
# service, and every request path warms on its own: reads measured right after the transfers' warm-up
# ran at half their settled rate (4,339 against 10,027 /s, 2026-11-28). So a scenario is run in 10 s
# runs, at least <least> of them, until two in a row agree within 5 %, 24 at most.
bench_warm_up() { # name, url, scenario, connections, least runs, [env...]
    local run rate previous=0
    echo "bench: warm-up of $1 in 10 s runs, at least $5, then until two in a row agree within 5 %"
    for (( run = 1; run <= 24; run++ )); do
        bench_load "warm-up-$1" "$2" "$3" 10 "$4" "${@:6}"
        read -r rate _ < <(wrk_ok "$BENCH_DIR/wrk-warm-up-$1.txt")
        echo "bench: warm-up of $1, run $run: $rate /s"
        [[ $run -ge $5 && $(jq -n "$rate > 0 and ($rate - $previous | fabs) <= 0.05 * $rate") == true ]] && return
        previous=$rate
    done
}

# Opens $1 accounts with a large balance through the API; ids in $BENCH_DIR/accounts.txt.
bench_accounts() {
    : > "$BENCH_DIR/accounts.txt"
    local i id
    for (( i=0; i<$1; i++ )); do
        id=$(curl -fs "$COMMAND_URL/accounts" -H "Authorization: Bearer $LEDGER_TOKEN" -H 'Content-Type: application/json' \
            -d '{"owner":"bench-'"$i"'","currency":"EUR"}' | jq -r .id)
        curl -fs -o /dev/null "$COMMAND_URL/accounts/$id/deposits" -H "Authorization: Bearer $LEDGER_TOKEN" -H 'Content-Type: application/json' \
            -d '{"amount":1000000000}'
        echo "$id" >> "$BENCH_DIR/accounts.txt"
    done
}

# A table n -> account id, so pgbench can pick accounts by number.
bench_numbered_accounts() { # database, table with ids
    bench_psql "$1" "DROP TABLE IF EXISTS bench_account; CREATE TABLE bench_account AS
        SELECT row_number() OVER (ORDER BY id) AS n, id FROM $2; ALTER TABLE bench_account ADD PRIMARY KEY (n);"
}

# One request under wrk against its service, then the same work in SQL through pgbench against the
# service's database (the floor): bench/scenarios/<scenario>.lua and <scenario>.sql over the accounts
# opened, both for <seconds> with <connections> connections, wrk after its warm-up. Raw output in
# $BENCH_DIR/wrk-<name>.txt and $BENCH_DIR/pgbench-<name>.txt, which bench_floor_report reads.
bench_against_floor() { # seconds, connections, accounts, name, url, scenario, database, request, SQL work
    local seconds=$1 connections=$2 accounts=$3 name=$4 url=$5 scenario=$6 database=$7 request=$8 work=$9
    bench_warm_up "$name" "$url" "$scenario" "$connections" 3
    echo "bench: $request for ${seconds}s, $connections connections"
    ACCOUNTS_FILE=$BENCH_DIR/accounts.txt wrk -t2 -c"$connections" -d"${seconds}s" --latency \
        -s "bench/scenarios/$scenario.lua" "$url" > "$BENCH_DIR/wrk-$name.txt"
    echo "bench: the same $work through pgbench for ${seconds}s, $connections clients"
    PGPASSWORD=$DB_PASSWORD pgbench -n -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -c "$connections" -j 2 -T "$seconds" \
        -D accounts="$accounts" -f "bench/scenarios/$scenario.sql" "$database" > "$BENCH_DIR/pgbench-$name.txt"
}

# bench_against_floor's figures for <name>: each side's rate, its p50 and p99 (pgbench's average),
# and their ratio, under a heading.
bench_floor_report() { # name, heading, HTTP row, SQL row
    local http_rps http_p50 http_p99 http_bad sql_tps sql_latency
    read -r http_rps http_p50 http_p99 http_bad < <(wrk_summary "$BENCH_DIR/wrk-$1.txt")
    sql_tps=$(awk '/^tps/ {print $3; exit}' "$BENCH_DIR/pgbench-$1.txt")
    sql_latency=$(awk '/^latency average/ {print $4}' "$BENCH_DIR/pgbench-$1.txt")
    printf '\n%-44s %10s %10s %10s\n' "$2" "per second" "p50 ms" "p99 ms"
    printf '%-44s %10.0f %10.2f %10.2f\n' "$3" "$http_rps" "$http_p50" "$http_p99"
    printf '%-44s %10.0f %10.2f %10s\n' "$4" "$sql_tps" "$sql_latency" "(avg)"
    printf '%-44s %10.2f\n' "ratio HTTP / SQL" "$(echo "$http_rps / $sql_tps" | bc -l)"
    echo "non-2xx answers during the HTTP run: $http_bad"
}

# wrk's successful requests per second, p50 and p99 in ms of a run's output file.
wrk_ok() { # file -> "ok/s p50 p99 non-2xx"
    local rps p50 p99 bad total
    read -r rps p50 p99 bad < <(wrk_summary "$1")
    total=$(awk '/requests in/ {print $1}' "$1")
    echo "$(calc "$rps * ($total - $bad) / $total") $p50 $p99 $bad"
}

# Arithmetic with decimals, four of them.
calc() { echo "scale=4; $1" | bc -l | sed 's/^\./0./'; }

# wrk's requests/s, p50/p99 latency in ms and non-2xx count from its --latency output.
wrk_summary() {
    awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$5}
         function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
         END { printf "%.0f %.2f %.2f %d\n", rps, ms(p50), ms(p99), bad+0 }' "$1"
}

# Starts HAProxy with the acd-proxy component's haproxy.cfg in front of a service on 127.0.0.1, its
# plain internal port on 28081, and waits until a GET of the account passes through it.
bench_start_proxy() { # service port, its PUBLIC_RESOURCES, an account id, VARIABLE=value...
    command -v haproxy >/dev/null || { echo "bench: haproxy is needed (apt-get install haproxy)" >&2; exit 1; }
    echo "bench: HAProxy $(haproxy -v | awk 'NR==1 {print $3}') with k8s/components/acd-proxy/haproxy.cfg"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
        -keyout "$BENCH_DIR/tls.pem.key" -out "$BENCH_DIR/tls.pem" 2> /dev/null
    env APP_PORT="$1" PROXY_HTTPS_PORT=28443 PROXY_HTTP_PORT=28080 PROXY_INTERNAL_PORT=28081 PROXY_OPS_PORT=29000 \
        PUBLIC_RESOURCES="$2" TLS_CERTIFICATE="$BENCH_DIR/tls.pem" "${@:4}" \
        haproxy -db -f k8s/components/acd-proxy/haproxy.cfg > "$BENCH_DIR/haproxy.log" 2>&1 &
    bench_pids+=($!)
    until curl -fs -o /dev/null -H "Authorization: Bearer $LEDGER_TOKEN" "http://127.0.0.1:28081/accounts/$3"; do
        kill -0 "${bench_pids[-1]}" 2>/dev/null || { cat "$BENCH_DIR/haproxy.log" >&2; exit 1; }
        sleep 0.2
    done
}
