#!/usr/bin/env bats
# kubectl acd-open-svc: its usage, the port it picks from the dev overlay's Services (the ACD
# proxy's https, http and internal), the exact kubectl commands and URLs of a dry run, and a real
# run against the fake kubectl, whose port-forward serves a folder on the local port.

# shellcheck disable=SC2154 # bats sets $stderr in run --separate-stderr
bats_require_minimum_version 1.5.0
load helpers

setup_file() {
    setup_fake_cluster_file
}

setup() {
    setup_fake_cluster
}

teardown() {
    for pid in ${plugin:-} ${server:-}; do
        kill "$pid" 2> /dev/null || true
        wait "$pid" 2> /dev/null || true
    done
}

CONFIG_VIEW="kubectl config view --minify -o 'jsonpath={..namespace}'"
GET_SVC="kubectl get service ledger-query -n ledger-dev -o 'jsonpath={range .spec.ports[*]}{.name}{\" \"}{.port}{\"\\n\"}{end}'"

# service NAMESPACE NAME PORTS...: a Service in the fake cluster with PORTS given as name:port (or port).
service() {
    local namespace=$1 name=$2 port ports=""
    shift 2
    for port in "$@"; do
        case $port in
            *:*) ports="$ports  - {name: ${port%%:*}, port: ${port#*:}}"$'\n' ;;
            *) ports="$ports  - {port: $port}"$'\n' ;;
        esac
    done
    mkdir -p "$FAKE_KUBECTL_OBJECTS/$namespace/service"
    printf 'apiVersion: v1\nkind: Service\nmetadata: {name: %s, namespace: %s}\nspec:\n  ports:\n%s' \
        "$name" "$namespace" "$ports" > "$FAKE_KUBECTL_OBJECTS/$namespace/service/$name.yaml"
}

@test "--help says why port-forward is the default and exits 0" {
    run kubectl-acd_open_svc --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"Why port-forward is the default"* ]]
    [[ "$output" == *"/q/dev-ui"* ]]
    [[ "$output" == *'"internal"'* ]]
}

@test "usage errors exit 2 with a message" {
    run kubectl-acd_open_svc
    [ "$status" -eq 2 ] && [[ "$output" == *"give one SERVICE"* ]]
    run kubectl-acd_open_svc ledger-query --via ingress
    [ "$status" -eq 2 ] && [[ "$output" == *"--via is port-forward or proxy"* ]]
    run kubectl-acd_open_svc ledger-query --local-port http
    [ "$status" -eq 2 ] && [[ "$output" == *"--local-port needs a whole number"* ]]
    run kubectl-acd_open_svc ledger-query --context
    [ "$status" -eq 2 ] && [[ "$output" == *"--context needs a value"* ]]
    run kubectl-acd_open_svc ledger-query ledger-command
    [ "$status" -eq 2 ] && [[ "$output" == *"give one SERVICE (got 2)"* ]]
    [ ! -s "$FAKE_KUBECTL_LOG" ]
}

@test "by default it forwards the internal port, plain HTTP without redirect, in the context's namespace" {
    run --separate-stderr kubectl-acd_open_svc ledger-query --dry-run
    [ "$status" -eq 0 ]
    diff <(echo "$output") - <<EOF
$CONFIG_VIEW
$GET_SVC
kubectl port-forward svc/ledger-query 8081:internal -n ledger-dev
EOF
    [[ "$stderr" == *"would open http://127.0.0.1:8081/" ]]
    diff <(kubectl_calls) <(echo "$CONFIG_VIEW"; echo "$GET_SVC")
}

@test "the https port opens https on 8443, the http port 8080, a port given by number its name" {
    run --separate-stderr kubectl-acd_open_svc ledger-query -n ledger-dev --port https --path /ledger/totals --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\n'"kubectl port-forward svc/ledger-query 8443:https -n ledger-dev" ]]
    [[ "$stderr" == *"would open https://127.0.0.1:8443/ledger/totals" ]]
    run --separate-stderr kubectl-acd_open_svc ledger-query -n=ledger-dev --port 443 --dry-run
    [[ "$output" == *"8443:https -n ledger-dev" ]] && [[ "$stderr" == *"https://127.0.0.1:8443/" ]]
    run --separate-stderr kubectl-acd_open_svc ledger-query -n ledger-dev --port http --local-port 9080 --dry-run
    [[ "$output" == *"9080:http -n ledger-dev" ]] && [[ "$stderr" == *"http://127.0.0.1:9080/" ]]
    run --separate-stderr kubectl-acd_open_svc ledger-query -n ledger-dev --port 8081 --path accounts --dry-run
    [[ "$output" == *"8081:internal -n ledger-dev" ]] && [[ "$stderr" == *"http://127.0.0.1:8081/accounts" ]]
}

@test "--via proxy opens the service proxy's URL through kubectl proxy" {
    run --separate-stderr kubectl-acd_open_svc ledger-query -n ledger-dev --context dev --via proxy --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\n'"kubectl proxy --port=8001 --context=dev" ]]
    [[ "$stderr" == *"would open http://127.0.0.1:8001/api/v1/namespaces/ledger-dev/services/http:ledger-query:internal/proxy/" ]]
    run --separate-stderr kubectl-acd_open_svc ledger-query -n ledger-dev --via=proxy --port https --local-port 9001 --path /accounts --dry-run
    [[ "$output" == *$'\n'"kubectl proxy --port=9001" ]]
    [[ "$stderr" == *"would open http://127.0.0.1:9001/api/v1/namespaces/ledger-dev/services/https:ledger-query:https/proxy/accounts" ]]
}

@test "--context takes the namespace from that context, and passes on to every command" {
    service ledger-stage ledger-query https:443 http:80 internal:8081
    run --separate-stderr kubectl-acd_open_svc ledger-query --context stage --dry-run
    [ "$status" -eq 0 ]
    diff <(echo "$output") - <<EOF
kubectl config view --minify --context=stage -o 'jsonpath={..namespace}'
${GET_SVC//ledger-dev/ledger-stage --context=stage}
kubectl port-forward svc/ledger-query 8081:internal -n ledger-stage --context=stage
EOF
}

@test "a Service without an internal port opens its first port; a port it lacks is refused with its ports" {
    service ledger-dev web http-alt:8080 metrics:9000
    run --separate-stderr kubectl-acd_open_svc web --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\n'"kubectl port-forward svc/web 8080:http-alt -n ledger-dev" ]]
    [[ "$stderr" == *"no port named internal; using its first port, http-alt"* ]]
    run kubectl-acd_open_svc web --port internal --dry-run
    [ "$status" -eq 1 ]
    [[ "$output" == *"service web has no port 'internal'; its ports: http-alt 8080, metrics 9000"* ]]
    service ledger-dev bare 80
    run --separate-stderr kubectl-acd_open_svc bare --dry-run
    [[ "$output" == *$'\n'"kubectl port-forward svc/bare 8080:80 -n ledger-dev" ]]
}

@test "a Service that does not exist fails; without a cluster a dry run assumes the ACD proxy's ports" {
    run kubectl-acd_open_svc nope --dry-run
    [ "$status" -eq 1 ]
    [[ "$output" == *'services "nope" not found'* ]] && [[ "$output" == *"could not read service nope"* ]]
    export FAKE_KUBECTL_UNREACHABLE=1
    run --separate-stderr kubectl-acd_open_svc ledger-query --port https --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\n'"kubectl port-forward svc/ledger-query 8443:https -n ledger-dev" ]]
    [[ "$stderr" == *"assuming the ACD proxy's ports"* ]]
}

@test "a real run waits for the tunnel, opens the URL, serves it until stopped, and runs what a dry run prints" {
    port=$(free_port)
    mkdir -p "$BATS_TEST_TMPDIR/site/ledger"
    echo "totals" > "$BATS_TEST_TMPDIR/site/ledger/totals"
    mkdir -p "$BATS_TEST_TMPDIR/bin"
    # shellcheck disable=SC2016 # the $1 belongs to the fake xdg-open
    printf '#!/bin/sh\necho "$1" >> "%s/opened"\n' "$BATS_TEST_TMPDIR" > "$BATS_TEST_TMPDIR/bin/xdg-open"
    chmod +x "$BATS_TEST_TMPDIR/bin/xdg-open"
    run --separate-stderr kubectl-acd_open_svc ledger-query --local-port "$port" --path /ledger/totals --dry-run
    printed=$output
    : > "$FAKE_KUBECTL_LOG"

    export FAKE_KUBECTL_SERVE=$BATS_TEST_TMPDIR/site
    PATH="$BATS_TEST_TMPDIR/bin:$PATH" kubectl-acd_open_svc ledger-query --local-port "$port" --path /ledger/totals \
        > "$BATS_TEST_TMPDIR/plugin.out" 2>&1 3>&- &
    plugin=$!
    wait_for "$BATS_TEST_TMPDIR/opened" "http://127.0.0.1:$port/ledger/totals"
    [ "$(curl -fs "http://127.0.0.1:$port/ledger/totals")" = totals ]
    grep -q "ledger-query:internal in ledger-dev is at http://127.0.0.1:$port/ledger/totals" "$BATS_TEST_TMPDIR/plugin.out"
    diff <(kubectl_calls) <(echo "$printed")

    # Stopped, it stops the tunnel.
    kill -TERM "$plugin"
    wait "$plugin" || true
    plugin=""
    for _ in $(seq 50); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/" || break
        sleep 0.1
    done
    run ! curl -fs -o /dev/null "http://127.0.0.1:$port/"
}

@test "a local port in use is refused before any tunnel" {
    port=$(free_port)
    python3 -m http.server "$port" --bind 127.0.0.1 > /dev/null 2>&1 3>&- &
    server=$!
    for _ in $(seq 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
        sleep 0.1
    done
    run kubectl-acd_open_svc ledger-query --local-port "$port"
    [ "$status" -eq 1 ]
    [[ "$output" == *"127.0.0.1:$port is in use already"* ]]
    run ! grep -q port-forward "$FAKE_KUBECTL_LOG"
}
