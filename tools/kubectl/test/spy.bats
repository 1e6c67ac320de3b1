#!/usr/bin/env bats
# kubectl acd-spy: its usage, the exact kubectl commands of a dry run against the fake cluster (the
# dev overlay's pods), and its jcmd commands against real JVMs: one started here, and one run as in
# our pods (PID 1 of its own process namespace, uid 185, its own /tmp) reached from a "debug
# container" that shares only its process namespace, as kubectl debug --target makes it.

# shellcheck disable=SC2154 # bats sets $stderr in run --separate-stderr
bats_require_minimum_version 1.5.0
load helpers

setup_file() {
    setup_fake_cluster_file
    # The JVM the tests look into: a single-file program that waits, run from its source.
    mkdir -p "$BATS_FILE_TMPDIR/app"
    cat > "$BATS_FILE_TMPDIR/app/Wait.java" <<'EOF'
public class Wait {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
EOF
    chmod -R a+rX "$BATS_FILE_TMPDIR/app"
}

setup() {
    setup_fake_cluster
}

teardown() {
    if [ -n "${jvm:-}" ]; then
        # In a pod, $jvm is unshare, which ignores SIGTERM while its child runs: stop the child.
        kill $(pgrep -P "$jvm") "$jvm" 2> /dev/null || true
        wait "$jvm" 2> /dev/null || true
    fi
}

# The lookups that every dry run below makes first.
CONFIG_VIEW="kubectl config view --minify -o 'jsonpath={..namespace}'"
GET_POD="kubectl get pod $QUERY_POD -n ledger-dev -o 'jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/default-container}|{.spec.securityContext.runAsUser}|{.spec.securityContext.runAsGroup}{\"\\n\"}{range .spec.containers[*]}{.name}|{.image}|{.securityContext.runAsUser}|{.securityContext.runAsGroup}{\"\\n\"}{end}'"
JCMD="java -XX:+UseSerialGC -Xmx32m -XX:-UsePerfData -m jdk.jcmd/sun.tools.jcmd.JCmd 1"

# spy_remote ACTION PID [SECONDS FILE NAME]: runs the plugin's remote command here, started as the
# plugin starts it (one line on standard input).
spy_remote() {
    bash -c '. "$1/kubectl-acd_spy"; shift; spy_command "$@"; printf "go\n" | "${remote[@]}"' _ "$PLUGINS" "$@"
}

# start_jvm: the waiting program in the background; jvm is its PID, once jcmd can attach to it.
start_jvm() {
    # (fd 3 closed: bats waits for whoever holds it)
    java -XX:+UsePerfData "$BATS_FILE_TMPDIR/app/Wait.java" 3>&- &
    jvm=$!
    local tries=0
    until jcmd "$jvm" VM.version > /dev/null 2>&1; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "the JVM did not start" >&2; return 1; }
        sleep 0.2
    done
}

@test "--help explains the debug container and exits 0" {
    run kubectl-acd_spy --help
    [ "$status" -eq 0 ]
    [[ "$output" == *"--profile=restricted"* ]]
    [[ "$output" == *"/proc/1/root/tmp"* ]]
    [[ "$output" == *"kubectl cp"* ]]
}

@test "usage errors exit 2 with a message" {
    run kubectl-acd_spy --threads
    [ "$status" -eq 2 ] && [[ "$output" == *"give one POD"* ]]
    run kubectl-acd_spy "$QUERY_POD"
    [ "$status" -eq 2 ] && [[ "$output" == *"give one action"* ]]
    run kubectl-acd_spy "$QUERY_POD" --threads --heap-histogram
    [ "$status" -eq 2 ] && [[ "$output" == *"give one action"* ]]
    run kubectl-acd_spy "$QUERY_POD" --jfr 0
    [ "$status" -eq 2 ] && [[ "$output" == *"--jfr needs a whole number"* ]]
    run kubectl-acd_spy "$QUERY_POD" --threads --output threads.txt
    [ "$status" -eq 2 ] && [[ "$output" == *"--output goes with --jfr"* ]]
    run kubectl-acd_spy "$QUERY_POD" --threads -n
    [ "$status" -eq 2 ] && [[ "$output" == *"-n needs a value"* ]]
    run kubectl-acd_spy "$QUERY_POD" --threads --tty
    [ "$status" -eq 2 ] && [[ "$output" == *"unknown option --tty"* ]]
    [ ! -s "$FAKE_KUBECTL_LOG" ]
}

@test "a dry run of --threads prints the lookups and a restricted debug command targeting the app container" {
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --threads --dry-run
    [ "$status" -eq 0 ]
    diff <(echo "$output" | normalise) - <<EOF
$CONFIG_VIEW
$GET_POD
kubectl debug $QUERY_POD -n ledger-dev --target=ledger-query --profile=restricted --custom=WORKDIR/spy-profile.json --image=ghcr.io/acd-reference/ledger-query:main --container=acd-spy-ID -i --quiet -- sh -c 'read -r _ || exit 1; exec "\$@"' acd-spy $JCMD Thread.print
EOF
    # no TTY, and only the read-only lookups ran
    [[ "$output" != *" -t "* ]] && [[ "$output" != *"--tty"* ]]
    diff <(kubectl_calls) <(echo "$CONFIG_VIEW"; echo "$GET_POD")
}

@test "the debug container runs as the JVM's uid and gid, read from the pod, and meets restricted" {
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --heap-histogram --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *"acd-spy $JCMD GC.class_histogram" ]]
    profile=$(echo "$output" | sed -n 's/.*--custom=\([^ ]*\).*/\1/p')
    [ "$(cat "$profile")" = '{"securityContext":{"runAsUser":185,"runAsGroup":185,"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}}' ]
    [[ "$stderr" == *"$profile"* ]]
}

@test "a dry run of --jfr prints the recording, the copy back and the removal, with namespace and context" {
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --jfr 30 --output query.jfr -n ledger-dev --context stage --dry-run
    [ "$status" -eq 0 ]
    diff <(echo "$output" | normalise) - <<EOF
${GET_POD/-n ledger-dev/-n ledger-dev --context=stage}
kubectl debug $QUERY_POD -n ledger-dev --context=stage --target=ledger-query --profile=restricted --custom=WORKDIR/spy-profile.json --image=ghcr.io/acd-reference/ledger-query:main --container=acd-spy-ID -i --quiet -- sh -c 'read -r _ || exit 1; seconds=\$1 file=\$2 name=\$3; shift 3; "\$@" JFR.start "name=\$name" "duration=\${seconds}s" "filename=\$file" || exit; sleep "\$seconds"; waited=0; while "\$@" JFR.check "name=\$name" | grep -q "name=\$name"; do if [ "\$waited" -ge 60 ]; then echo "acd-spy: the JVM has not written \$file 60 s after the recording ended" >&2; exit 1; fi; sleep 1; waited=\$((waited + 1)); done' acd-spy 30 /tmp/acd-spy-ID.jfr acd-spy-ID $JCMD
kubectl cp ledger-dev/$QUERY_POD:/tmp/acd-spy-ID.jfr query.jfr -c ledger-query --context=stage
kubectl exec $QUERY_POD -n ledger-dev --context=stage -c ledger-query -- rm -f /tmp/acd-spy-ID.jfr
EOF
}

@test "a pod that sets no user leaves the debug container its image's user, and says so" {
    sed -i -E '/"runAs(User|Group)": 185,/d' "$FAKE_KUBECTL_OBJECTS/ledger-dev/pod/$QUERY_POD.json"
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --threads --dry-run
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"sets no runAsUser for ledger-query"* ]]
    profile=$(echo "$output" | sed -n 's/.*--custom=\([^ ]*\).*/\1/p')
    [ "$(cat "$profile")" = '{"securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}}' ]
}

@test "-c and --image replace the pod's default container and its image" {
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" -c ledger-query --image eclipse-temurin:21-jdk --threads --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *" --target=ledger-query "*" --image=eclipse-temurin:21-jdk "* ]]
}

@test "a container the pod does not have is refused with the pod's containers" {
    run kubectl-acd_spy "$QUERY_POD" -c acd-proxy --threads --dry-run
    [ "$status" -eq 1 ]
    [[ "$output" == *"has no container 'acd-proxy'; its containers: ledger-query"* ]]
}

@test "a pod that does not exist fails, in a dry run too" {
    run kubectl-acd_spy nope --threads --dry-run
    [ "$status" -eq 1 ]
    [[ "$output" == *'pods "nope" not found'* ]]
    [[ "$output" == *"could not read pod nope"* ]]
}

@test "without a cluster, a dry run needs -c and --image, and then runs as the image's user" {
    export FAKE_KUBECTL_UNREACHABLE=1
    run kubectl-acd_spy "$QUERY_POD" --threads --dry-run
    [ "$status" -eq 1 ] && [[ "$output" == *"give -c and --image"* ]]
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" -c app --image app:1 --threads --dry-run
    [ "$status" -eq 0 ]
    [[ "$output" == *"--target=app --profile=restricted"*"--image=app:1"* ]]
    [[ "$stderr" == *"run as the image's user"* ]]
    [[ "$(cat "$(echo "$output" | sed -n 's/.*--custom=\([^ ]*\).*/\1/p')")" == '{"securityContext":{"runAsNonRoot":true,'* ]]
}

@test "the commands run are the commands a dry run prints" {
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --jfr 5 --output q.jfr --dry-run
    [ "$status" -eq 0 ]
    printed=$(echo "$output" | normalise)
    : > "$FAKE_KUBECTL_LOG"
    run kubectl-acd_spy "$QUERY_POD" --jfr 5 --output q.jfr
    [ "$status" -eq 0 ]
    diff <(kubectl_calls) <(echo "$printed")
}

@test "the thread dump, heap histogram and JFR commands work against a running JVM" {
    start_jvm
    run --separate-stderr spy_remote threads "$jvm"
    [ "$status" -eq 0 ] && [[ "$output" == *"Full thread dump"* ]]
    run --separate-stderr spy_remote heap-histogram "$jvm"
    [ "$status" -eq 0 ] && [[ "$output" == *"num     #instances"* ]]
    run --separate-stderr spy_remote jfr "$jvm" 2 "$BATS_TEST_TMPDIR/two.jfr" acd-spy-test
    [ "$status" -eq 0 ]
    run jfr summary "$BATS_TEST_TMPDIR/two.jfr"
    [ "$status" -eq 0 ] && [[ "$output" == *"Duration: 2 s"* ]]
}

# As in a pod: the JVM is PID 1 of its own process namespace, runs as 185:185 from a folder it cannot
# write, with its own /tmp. The fake kubectl runs the debug command through
# fake-kubectl/ephemeral-container: in that process namespace, in a mount namespace of its own, as
# the user the plugin's --custom profile names. Needs root (namespaces, setpriv).
start_pod_jvm() {
    [ "$(id -u)" -eq 0 ] || skip "simulating a pod needs root (unshare, nsenter, setpriv)"
    # shellcheck disable=SC2016 # the $1 belongs to the inner shell
    unshare --pid --fork --kill-child --mount --mount-proc sh -c \
        'mount --bind "$1" /mnt && mount -t tmpfs tmpfs /tmp && cd / && exec setpriv --reuid 185 --regid 185 --clear-groups java /mnt/Wait.java' \
        pod "$BATS_FILE_TMPDIR/app" 3>&- &
    jvm=$!
    export FAKE_KUBECTL_RUN_DEBUG=1 FAKE_KUBECTL_DEBUG_RUNNER=$TESTS/fake-kubectl/ephemeral-container
    # until main sleeps: before that, the source launcher is still compiling Wait.java, and a
    # thread dump would show javac where the tests look for Thread.sleep
    local tries=0
    until ACD_TEST_POD_PID=$(pgrep -P "$jvm" java) \
            && echo go | ACD_TEST_POD_PID=$ACD_TEST_POD_PID FAKE_KUBECTL_DEBUG_PROFILE=$TESTS/fake-kubectl/uid-185.json \
                "$FAKE_KUBECTL_DEBUG_RUNNER" sh -c 'read -r _; exec "$@"' _ jcmd 1 Thread.print 2> /dev/null \
                | grep -q 'java.lang.Thread.sleep'; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || { echo "the pod's JVM did not start" >&2; return 1; }
        sleep 0.2
    done
    export ACD_TEST_POD_PID
}

@test "in a pod: jcmd reaches the JVM as PID 1 through the shared process namespace, as the JVM's user" {
    start_pod_jvm
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --threads
    [ "$status" -eq 0 ]
    [[ "$output" == *"Full thread dump"* ]]
    [[ "$output" == *'"main"'*"java.lang.Thread.sleep"* ]]
}

@test "in a pod: the JFR recording is written to the JVM's /tmp and copied back" {
    start_pod_jvm
    export FAKE_KUBECTL_POD_ROOT=/proc/$ACD_TEST_POD_PID/root
    run kubectl-acd_spy "$QUERY_POD" --jfr 2 --output "$BATS_TEST_TMPDIR/pod.jfr"
    [ "$status" -eq 0 ]
    run jfr summary "$BATS_TEST_TMPDIR/pod.jfr"
    [ "$status" -eq 0 ] && [[ "$output" == *"Duration: 2 s"* ]]
}

@test "in a pod: as another user than the JVM's, jcmd is refused" {
    start_pod_jvm
    sed -i 's/"runAsUser": 185/"runAsUser": 1000/' "$FAKE_KUBECTL_OBJECTS/ledger-dev/pod/$QUERY_POD.json"
    run --separate-stderr kubectl-acd_spy "$QUERY_POD" --threads
    [ "$status" -eq 1 ]
    [[ "$stderr" == *"Operation not permitted"* ]]
    [[ "$stderr" == *"kubectl debug failed"* ]]
}
