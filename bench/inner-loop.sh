#!/usr/bin/env bash
# The inner loop's times (docs/inner-loop.md), on command-service in dev mode with nothing else
# started: `quarkus:dev` to ready with no stack running (cold: the Dev Service starts one) and with
# the stack still up (warm); a one-line Java change saved to the next request that shows it; a new
# SQL migration saved to the next request answered after it ran. Dev mode does not restart for a
# new migration on its own ("Files changed but restart not needed"): it runs at the next restart,
# so the script touches a Java source to cause one, as saving any Java change would. The migration
# is a throwaway view, removed from the database and the history at the end.
# Usage: bench/inner-loop.sh        (needs psql; stop bin/dev and any dev-mode service first)
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib/java.sh
command -v psql > /dev/null || { echo "inner-loop: psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 1; }

resource=command-service/src/main/java/dev/ledger/command/account/AccountResource.java
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
    git checkout -q -- "$resource"
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

# Prints the milliseconds from now until the API document shows $1 (or, with "gone", no longer does).
until_openapi() {
    local started shown
    started=$(millis)
    while true; do
        if [ $(( $(millis) - started )) -gt 60000 ]; then
            echo "inner-loop: no reload within 60 s; see $log" >&2
            exit 1
        fi
        if curl -fs "$url/q/openapi" | grep -qF "$1"; then shown=yes; else shown=no; fi
        if [ "${2:-}" = gone ]; then [ "$shown" = no ] && break; else [ "$shown" = yes ] && break; fi
        sleep 0.1
    done
    echo $(( $(millis) - started ))
}

echo "inner-loop: installing the modules command-service uses (./mvnw install)"
./mvnw -q -B install -DskipTests -pl command-service -am

start_service
cold=$ready_ms

sed -i 's/summary = "Open an account",/summary = "Open an account (inner loop)",/' "$resource"
java_change=$(until_openapi "Open an account (inner loop)")
git checkout -q -- "$resource"
until_openapi "Open an account (inner loop)" gone > /dev/null

# shellcheck source=/dev/null  # devstack's connection settings, written by the stack the Dev Service runs
. target/devstack/devstack.env
command_db() { PGPASSWORD=$DB_PASSWORD psql -qtA -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d command -v ON_ERROR_STOP=1 "$@"; }
probe_exists() { [ "$(command_db -c "SELECT to_regclass('command_api.inner_loop_probe') IS NOT NULL")" = t ]; }
if probe_exists; then
    # left by an interrupted run: drop it, so that the time below is the migration's own
    command_db -c "DROP VIEW command_api.inner_loop_probe" -c "DELETE FROM flyway_schema_history WHERE version = '999'" > /dev/null
fi
echo "CREATE VIEW command_api.inner_loop_probe AS SELECT 1 AS probe;" > "$migration"
started=$(millis)
touch "$resource"
# each request lets dev mode look for changes; the one after the change restarts it, migrating
until probe_exists; do
    if [ $(( $(millis) - started )) -gt 60000 ]; then
        echo "inner-loop: the migration did not run within 60 s; see $log" >&2
        exit 1
    fi
    curl -fs -o /dev/null "$url/q/health/ready" || true
    sleep 0.1
done
migration_change=$(( $(millis) - started ))
command_db -c "DROP VIEW command_api.inner_loop_probe" -c "DELETE FROM flyway_schema_history WHERE version = '999'" > /dev/null
rm -f "$migration"

stop_service
start_service
warm=$ready_ms
stop_service

printf '%-60s %8s\n' "measure" "ms"
printf '%-60s %8d\n' "quarkus:dev to ready, no stack running (cold)" "$cold"
printf '%-60s %8d\n' "quarkus:dev to ready, the stack still running (warm)" "$warm"
printf '%-60s %8d\n' "one-line Java change to the next request showing it" "$java_change"
printf '%-60s %8d\n' "new SQL migration to it having run (a restart forced)" "$migration_change"
