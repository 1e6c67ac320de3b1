#!/usr/bin/env bash
# The inner loop's times (docs/inner-loop.md), on command-service in dev mode with nothing else
# started: `quarkus:dev` to ready with no stack running (cold: the Dev Service starts one) and with
# the stack still up (warm); then, for three kinds of change, the time from saving it to the first
# request after that answering with it:
#   - a line inside a method (an error's text): swapped into the running JVM, no restart;
#   - a line outside one (an operation's summary, an annotation): the application restarts;
#   - a new SQL migration: the application restarts and Flyway runs it.
# Dev mode looks for changed files at a request, at most once every 2 s. As a person does between
# saving and calling, the script waits that long after the previous request, saves, and then sends
# one request; its answer must show the change. The migration is a throwaway view, removed from
# the database and the history at the end.
# Usage: bench/inner-loop.sh        (needs psql; stop bin/dev and any dev-mode service first)
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib/java.sh
command -v psql > /dev/null || { echo "inner-loop: psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 1; }

resource=command-service/src/main/java/dev/ledger/command/account/AccountResource.java
rules=command-service/src/main/java/dev/ledger/command/problem/LedgerException.java
migration=command-service/src/main/resources/db/migration/V999__inner_loop_probe.sql
url=http://localhost:8080
log=target/inner-loop.log
mkdir -p target
if curl -fs -o /dev/null "$url/q/health/live"; then
    echo "inner-loop: something answers on 8080; stop bin/dev or the dev-mode service first" >&2
    exit 1
fi

millis() { date +%s%3N; }

service=
stop_service() {
    if [ -n "$service" ]; then
        kill -TERM -- "-$service" 2>/dev/null || true
        wait "$service" 2>/dev/null || true
        service=
    fi
}
clean_up() {
    stop_service
    git checkout -q -- "$resource" "$rules"
    rm -f "$migration"
}
trap clean_up EXIT INT TERM

# Starts command-service in dev mode; sets $ready_ms to the milliseconds until it was ready.
ready_ms=
start_service() {
    local started
    started=$(millis)
    set -m
    ./mvnw -q -B -pl command-service quarkus:dev -Dquarkus.console.enabled=false \
        -Dquarkus.analytics.disabled=true > "$log" 2>&1 < /dev/null &
    service=$!
    set +m
    until curl -fs -o /dev/null "$url/q/health/ready"; do
        kill -0 "$service" 2>/dev/null || { tail -n 30 "$log" >&2; exit 1; }
        sleep 0.2
    done
    ready_ms=$(( $(millis) - started ))
}

# Dev mode's interval between two looks for changed files, plus a margin.
scan_interval() { sleep 2.2; }

# Saves a change with $1 (a command), sends one request with curl's arguments $3..., prints the
# milliseconds from the save to its answer, and fails unless the answer contains $2.
after_saving() {
    local change=$1 expected=$2 started answer
    shift 2
    scan_interval
    eval "$change"
    started=$(millis)
    answer=$(curl -s "$@")
    echo $(( $(millis) - started ))
    if ! grep -qF "$expected" <<< "$answer"; then
        echo "inner-loop: the first request after the change did not show '$expected'; see $log" >&2
        exit 1
    fi
}

# Lets dev mode take in a change undone, so that it does not count toward the next measure.
take_in() { scan_interval; curl -s -o /dev/null "$url/q/health/ready"; }

echo "inner-loop: installing the modules command-service uses (./mvnw install)"
./mvnw -q -B install -DskipTests -pl command-service -am

start_service
cold=$ready_ms

# shellcheck source=/dev/null  # devstack's connection settings and tokens, written by the stack the Dev Service runs
. target/devstack/devstack.env
# shellcheck source=/dev/null
. target/devstack/tokens.env
unknown_transfer="$url/transfers/$(cat /proc/sys/kernel/random/uuid)"
as_writer=(-H "Authorization: Bearer $LEDGER_WRITER_TOKEN")

method_change=$(after_saving \
    "sed -i 's/\" does not exist\", Map.of());/\" does not exist (inner loop)\", Map.of());/' $rules" \
    "does not exist (inner loop)" "${as_writer[@]}" "$unknown_transfer")
git checkout -q -- "$rules"
take_in

annotation_change=$(after_saving \
    "sed -i 's/summary = \"Open an account\",/summary = \"Open an account (inner loop)\",/' $resource" \
    "Open an account (inner loop)" "$url/q/openapi")
git checkout -q -- "$resource"
take_in

command_db() { PGPASSWORD=$DB_PASSWORD psql -qtA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d command -v ON_ERROR_STOP=1 "$@"; }
drop_probe() { command_db -c "DROP VIEW IF EXISTS command_api.inner_loop_probe" -c "DELETE FROM flyway_schema_history WHERE version = '999'" > /dev/null; }
drop_probe   # left by an interrupted run, so that the time below is the migration's own
migration_change=$(after_saving \
    "echo 'CREATE VIEW command_api.inner_loop_probe AS SELECT 1 AS probe;' > $migration" \
    "does not exist" "${as_writer[@]}" "$unknown_transfer")
if [ "$(command_db -c "SELECT to_regclass('command_api.inner_loop_probe') IS NOT NULL")" != t ]; then
    echo "inner-loop: the first request after saving the migration answered before it ran; see $log" >&2
    exit 1
fi
drop_probe
rm -f "$migration"

stop_service
start_service
warm=$ready_ms
stop_service

printf '%-60s %8s\n' "measure" "ms"
printf '%-60s %8d\n' "quarkus:dev to ready, no stack running (cold)" "$cold"
printf '%-60s %8d\n' "quarkus:dev to ready, the stack still running (warm)" "$warm"
printf '%-60s %8d\n' "a line inside a method (swapped in, no restart)" "$method_change"
printf '%-60s %8d\n' "a line outside a method (an annotation; a restart)" "$annotation_change"
printf '%-60s %8d\n' "a new SQL migration (a restart; Flyway runs it)" "$migration_change"
