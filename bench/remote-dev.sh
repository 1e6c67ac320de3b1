#!/usr/bin/env bash
# Quarkus remote dev tried on this machine (docs/inner-loop.md, section 4), as it runs against a dev
# pod, with a process for the pod: the service packaged as a mutable jar, copied to a folder of its
# own (the pod's /tmp/app) and started with QUARKUS_LAUNCH_DEVMODE=true and the production profile,
# against a private stack (bench/lib.sh); on the "laptop" side `./mvnw quarkus:remote-dev` pointed at
# it. A one-line change saved in the sources (a problem's text) must reach the "pod" and answer
# there; the script prints how long that took. The source is restored and everything stopped on exit.
# Usage: bench/remote-dev.sh [query-service|command-service]     (query-service by default)
# command-service does not start in remote dev with Quarkus 3.33 (Hibernate ORM's dev integrator;
# docs/inner-loop.md says why): the script shows the error.
. "$(dirname "$0")/lib.sh"

module=${1:-query-service}
case $module in
    query-service)
        rules=query-service/src/main/java/dev/ledger/query/account/AccountQueryService.java
        text='the read model'
        database=query path=accounts role=READER ;;
    command-service)
        rules=command-service/src/main/java/dev/ledger/command/problem/LedgerException.java
        text=' does not exist'
        database=command path=transfers role=WRITER ;;
    *) echo "remote-dev: query-service or command-service, not $module" >&2; exit 2 ;;
esac
app=$BENCH_DIR/remote-dev-app
pod_url=http://127.0.0.1:18180
password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')

millis() { date +%s%3N; }
restore() {
    git checkout -q -- "$rules"
    bench_stop
}
trap restore EXIT INT TERM

echo "remote-dev: installing the modules, $module as a mutable jar in $module/target/remote-dev"
./mvnw -q -B install -DskipTests -pl "$module" -am
./mvnw -q -B package -DskipTests -pl "$module" -Dquarkus.package.jar.type=mutable-jar \
    -Dquarkus.package.output-directory=remote-dev
bench_devstack_classpath
bench_start_stack

# The "pod": a copy of the application folder, which dev mode writes into, as the pod's /tmp/app.
rm -rf "$app"
cp -R "$module/target/remote-dev" "$app"
QUARKUS_LAUNCH_DEVMODE=true QUARKUS_PROFILE=prod QUARKUS_LIVE_RELOAD_PASSWORD=$password DB_NAME=$database \
    "$JAVA_HOME/bin/java" -Xmx384m -Dquarkus.http.port=18180 -Dquarkus.otel.sdk.disabled=true \
    -jar "$app/quarkus-run.jar" > "$BENCH_DIR/remote-dev-pod.log" 2>&1 &
bench_pids+=($!)
# Dev mode that fails to start stays up and answers every request with 500 and the error.
while true; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$pod_url/q/health/ready" || true)
    [ "$status" = 200 ] && break
    if [ "$status" = 500 ] || ! kill -0 "${bench_pids[-1]}" 2>/dev/null; then
        echo "remote-dev: the pod's application did not start in dev mode; from $BENCH_DIR/remote-dev-pod.log:" >&2
        grep -m 6 -E '^Caused by|ERROR' "$BENCH_DIR/remote-dev-pod.log" | cut -c1-400 >&2
        exit 1
    fi
    sleep 0.5
done
echo "remote-dev: the pod's application answers on $pod_url (dev mode, production profile)"

# The laptop's side: compiles what changes and sends it.
./mvnw -B -pl "$module" quarkus:remote-dev -Dquarkus.package.jar.type=mutable-jar \
    -Dquarkus.live-reload.url="$pod_url" -Dquarkus.live-reload.password="$password" \
    -Dquarkus.analytics.disabled=true > "$BENCH_DIR/remote-dev-laptop.log" 2>&1 < /dev/null &
bench_pids+=($!)
until grep -q "Connected to remote server" "$BENCH_DIR/remote-dev-laptop.log"; do
    kill -0 "${bench_pids[-1]}" 2>/dev/null || { tail -n 40 "$BENCH_DIR/remote-dev-laptop.log" >&2; exit 1; }
    sleep 0.5
done
# Its first sync sends the laptop's build, and the pod restarts with it: a change saved meanwhile
# would be sent to a pod that is not listening, and lost. Wait for the pod to answer again, and for
# the laptop's side to have nothing more to say (3 s without a line), as a person would.
quiet_for() { [ $(( $(date +%s) - $(stat -c %Y "$1") )) -ge "$2" ]; }
until curl -fs -o /dev/null "$pod_url/q/health/ready" && quiet_for "$BENCH_DIR/remote-dev-laptop.log" 3; do
    kill -0 "${bench_pids[-1]}" 2>/dev/null || { tail -n 40 "$BENCH_DIR/remote-dev-laptop.log" >&2; exit 1; }
    sleep 0.5
done
echo "remote-dev: quarkus:remote-dev connected, its first sync done"

unknown="$pod_url/$path/$(cat /proc/sys/kernel/random/uuid)"
sed -i "s/\"$text\"/\"$text (sent by remote dev)\"/" "$rules"
grep -qF "$text (sent by remote dev)" "$rules" || { echo "remote-dev: '$text' is no longer in $rules" >&2; exit 1; }
saved=$(millis)
token_name=LEDGER_${role}_TOKEN
answer=
until grep -qF "sent by remote dev" <<< "$answer"; do
    answer=$(curl -s -H "Authorization: Bearer ${!token_name}" "$unknown" || true)
    if [ $(( $(millis) - saved )) -gt 120000 ]; then
        echo "remote-dev: the change did not answer in the pod within 120 s, the last answer: $answer" >&2
        echo "remote-dev: see $BENCH_DIR/remote-dev-*.log" >&2
        exit 1
    fi
    sleep 0.2
done
echo "remote-dev: a one-line change saved on the laptop answered in the pod after $(( $(millis) - saved )) ms"
