#!/usr/bin/env bats
# kubectl acd-sniff: its usage, the Pod Security check against the fake cluster (the dev overlay's
# namespace enforces restricted), the exact kubectl command of a dry run, and its tcpdump command
# capturing real HTTP requests here, alone and through the whole plugin.

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
    if [ -n "${server:-}" ]; then
        kill "$server" 2> /dev/null || true
        wait "$server" 2> /dev/null || true
    fi
}

CONFIG_VIEW="kubectl config view --minify -o 'jsonpath={..namespace}'"
GET_NS="kubectl get namespace ledger-dev -o 'jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}'"
GATE="sh -c 'read -r _ || exit 1; \"\$@\"; status=\$?; if [ \"\$status\" -eq 124 ]; then status=0; fi; exit \"\$status\"' acd-sniff"

# enforce LEVEL: the namespace ledger-dev's Pod Security label, as a cluster administrator would set it.
enforce() {
    sed -i "s/\"pod-security.kubernetes.io\/enforce\": \"[a-z]*\"/\"pod-security.kubernetes.io\/enforce\": \"$1\"/" \
        "$FAKE_KUBECTL_OBJECTS/namespace/ledger-dev.json"
}

# serve: python3's HTTP server on a free port of 127.0.0.1; port is its port.
serve() {
    port=$(free_port)
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$BATS_TEST_TMPDIR" > /dev/null 2>&1 3>&- &
    server=$!
    local tries=0
    until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "the HTTP server did not start" >&2; return 1; }
        sleep 0.1
    done
}

# requests N: N GET requests to the server.
requests() {
    local i
    for i in $(seq "$1"); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/?request=$i"
    done
}

# http_requests FILE: how many HTTP requests to the server's port the capture FILE holds.
http_requests() {
    tshark -r "$1" -d "tcp.port==$port,http" -Y http.request 2> /dev/null | wc -l
}

@test "--help says what Pod Security level it needs and why there is no TTY, and exits 0" {
    run kubectl-acd_sniff --help
    [ "$status" -eq 0 ]
    [[ "$output" == *'needs a namespace at "privileged"'* ]]
    [[ "$output" == *"NET_ADMIN and NET_RAW"* ]]
    [[ "$output" == *"No -t"* ]]
}

@test "usage errors exit 2 with a message" {
    run kubectl-acd_sniff --output x.pcap
    [ "$status" -eq 2 ] && [[ "$output" == *"give one POD"* ]]
    run kubectl-acd_sniff "$QUERY_POD" --count 0 --output x.pcap
    [ "$status" -eq 2 ] && [[ "$output" == *"--count needs a whole number"* ]]
    run kubectl-acd_sniff "$QUERY_POD" --seconds ten --output x.pcap
    [ "$status" -eq 2 ] && [[ "$output" == *"--seconds needs a whole number"* ]]
    run kubectl-acd_sniff "$QUERY_POD" --output x.pcap --wireshark
    [ "$status" -eq 2 ] && [[ "$output" == *"not both"* ]]
    run kubectl-acd_sniff "$QUERY_POD" --filter
    [ "$status" -eq 2 ] && [[ "$output" == *"--filter needs a value"* ]]
    run kubectl-acd_sniff "$QUERY_POD" -t
    [ "$status" -eq 2 ] && [[ "$output" == *"unknown option -t"* ]]
    # standard output on a terminal (script gives it one)
    run script -qec "kubectl-acd_sniff $QUERY_POD" /dev/null
    [ "$status" -eq 2 ] && [[ "$output" == *"give --output FILE or --wireshark, or redirect standard output"* ]]
    [ ! -s "$FAKE_KUBECTL_LOG" ]
}

@test "a namespace that enforces restricted is refused before any debug container, with what is needed" {
    run kubectl-acd_sniff "$QUERY_POD" --output x.pcap
    [ "$status" -eq 1 ]
    [[ "$output" == *'namespace ledger-dev enforces Pod Security "restricted"'* ]]
    [[ "$output" == *"NET_ADMIN and NET_RAW, as root"* ]]
    [[ "$output" == *'namespace at "privileged"'* ]]
    diff <(kubectl_calls) <(echo "$CONFIG_VIEW"; echo "$GET_NS")
    run kubectl-acd_sniff "$QUERY_POD" --dry-run
    [ "$status" -eq 1 ] && [[ "$output" == *'enforces Pod Security "restricted"'* ]]
}

@test "a namespace that enforces baseline is refused too" {
    enforce baseline
    run kubectl-acd_sniff "$QUERY_POD" --output x.pcap
    [ "$status" -eq 1 ]
    [[ "$output" == *'enforces Pod Security "baseline"'* ]]
}

@test "a dry run in a privileged namespace prints one netadmin debug command, as root, without a TTY" {
    enforce privileged
    run --separate-stderr kubectl-acd_sniff "$QUERY_POD" --dry-run
    [ "$status" -eq 0 ]
    diff <(echo "$output" | normalise) - <<EOF
$CONFIG_VIEW
$GET_NS
kubectl debug $QUERY_POD -n ledger-dev --profile=netadmin --custom=WORKDIR/sniff-profile.json --image=docker.io/nicolaka/netshoot:v0.13 --container=acd-sniff-ID -i --quiet -- $GATE timeout 60 tcpdump -U --immediate-mode -w - -i any
EOF
    [[ "$output" != *" -t "* ]] && [[ "$output" != *"--tty"* ]] && [[ "$output" != *" -it "* ]]
    profile=$(echo "$output" | sed -n 's/.*--custom=\([^ ]*\).*/\1/p')
    [ "$(cat "$profile")" = '{"securityContext":{"runAsUser":0,"runAsGroup":0,"runAsNonRoot":false}}' ]
    diff <(kubectl_calls) <(echo "$CONFIG_VIEW"; echo "$GET_NS")
}

@test "the options reach the command: namespace, context, container, image, count, seconds and filter" {
    enforce privileged
    run --separate-stderr kubectl-acd_sniff "$QUERY_POD" -n ledger-dev --context stage -c ledger-query \
        --image registry.example/tools:1 --count 50 --seconds 10 --filter 'tcp port 8081' --wireshark --dry-run
    [ "$status" -eq 0 ]
    diff <(echo "$output" | normalise) - <<EOF
${GET_NS/ -o / --context=stage -o }
kubectl debug $QUERY_POD -n ledger-dev --context=stage --target=ledger-query --profile=netadmin --custom=WORKDIR/sniff-profile.json --image=registry.example/tools:1 --container=acd-sniff-ID -i --quiet -- $GATE timeout 10 tcpdump -U --immediate-mode -w - -i any -c 50 'tcp port 8081'
EOF
    [[ "$stderr" == *"would go to wireshark -k -i -"* ]]
}

@test "where the namespace cannot be read, it says so and lets the cluster decide" {
    export FAKE_KUBECTL_FORBID=namespace
    run --separate-stderr kubectl-acd_sniff "$QUERY_POD" --dry-run
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"could not read namespace ledger-dev's Pod Security level"* ]]
    [[ "$output" == *"kubectl debug $QUERY_POD"* ]]
}

@test "a namespace that does not exist fails" {
    run kubectl-acd_sniff "$QUERY_POD" -n nowhere --dry-run
    [ "$status" -eq 1 ]
    [[ "$output" == *"there is no namespace nowhere"* ]]
}

@test "the commands run are the commands a dry run prints" {
    enforce privileged
    run --separate-stderr kubectl-acd_sniff "$QUERY_POD" --count 5 --dry-run
    [ "$status" -eq 0 ]
    printed=$(echo "$output" | normalise)
    : > "$FAKE_KUBECTL_LOG"
    run kubectl-acd_sniff "$QUERY_POD" --count 5 --output "$BATS_TEST_TMPDIR/x.pcap"
    [ "$status" -eq 0 ]
    diff <(kubectl_calls) <(echo "$printed")
}

@test "its tcpdump command captures every HTTP request on loopback, and its timeout counts as success" {
    [ "$(id -u)" -eq 0 ] || skip "capturing needs root"
    serve
    bash -c '. "$1/kubectl-acd_sniff"; sniff_command lo 4 "" "tcp port $2"; printf "go\n" | "${remote[@]}"' \
        _ "$PLUGINS" "$port" > "$BATS_TEST_TMPDIR/lo.pcap" 2> "$BATS_TEST_TMPDIR/lo.err" 3>&- &
    capture=$!
    wait_for "$BATS_TEST_TMPDIR/lo.err" "listening on lo"
    requests 7
    wait "$capture"
    [ "$(http_requests "$BATS_TEST_TMPDIR/lo.pcap")" -eq 7 ]
}

@test "the whole plugin: the pod's capture lands in the file, as pcap, with every request" {
    [ "$(id -u)" -eq 0 ] || skip "capturing needs root"
    enforce privileged
    serve
    # The fake kubectl runs the debug command here, where "the pod's network" is this machine's.
    export FAKE_KUBECTL_RUN_DEBUG=1
    kubectl-acd_sniff "$QUERY_POD" --filter "tcp port $port" --seconds 4 --output "$BATS_TEST_TMPDIR/pod.pcap" \
        2> "$BATS_TEST_TMPDIR/pod.err" 3>&- &
    plugin=$!
    wait_for "$BATS_TEST_TMPDIR/pod.err" "listening on any"
    requests 5
    wait "$plugin"
    grep -q "wrote $BATS_TEST_TMPDIR/pod.pcap" "$BATS_TEST_TMPDIR/pod.err"
    [ "$(http_requests "$BATS_TEST_TMPDIR/pod.pcap")" -eq 5 ]
}
