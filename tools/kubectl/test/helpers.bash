# shellcheck shell=bash
# Loaded by every .bats file here: where things are, the fake cluster (fake-kubectl/kubectl and the
# objects it answers with, taken from the dev overlay as rendered), and the normalisation that lets a
# dry run be compared with what the plugin ran.

TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGINS=$(dirname "$TESTS")
REPO=$(cd "$PLUGINS/../.." && pwd)
# The pods of the dev overlay's Deployments, as the fake cluster names them.
QUERY_POD=ledger-query-7d9c5b7f6-x2x9z
COMMAND_POD=ledger-command-5f4b8c9d7-q8m2p

# render_objects DIR: the dev overlay's Namespace and Services, and a Pod from each Deployment's pod
# template, as the fake kubectl reads them (DIR/NS/KIND/NAME.json, DIR/namespace/NAME.json).
render_objects() {
    local dir=$1
    kubectl kustomize "$REPO/k8s/overlays/dev" \
        | KUBECONFIG=/dev/null kubectl label --local -f - rendered=1 -o json \
        | python3 -c '
import json, os, sys
out, pods = sys.argv[1], {"ledger-query": sys.argv[2], "ledger-command": sys.argv[3]}
text, decoder, at = sys.stdin.read(), json.JSONDecoder(), 0
def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
while True:
    while at < len(text) and text[at].isspace():
        at += 1
    if at == len(text):
        break
    obj, at = decoder.raw_decode(text, at)
    kind, meta = obj["kind"], obj["metadata"]
    name, namespace = meta["name"], meta.get("namespace", "")
    if kind == "Namespace":
        write(out + "/namespace/" + name + ".json", obj)
    elif kind == "Service":
        write(out + "/" + namespace + "/service/" + name + ".json", obj)
    elif kind == "Deployment" and name in pods:
        template = obj["spec"]["template"]
        pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": pods[name], "namespace": namespace,
                            "labels": template["metadata"].get("labels", {})},
               "spec": template["spec"]}
        write(out + "/" + namespace + "/pod/" + pods[name] + ".json", pod)
' "$dir" "$QUERY_POD" "$COMMAND_POD"
}

# Once per .bats file: the rendered objects, and the real kubectl for the fake one to call.
setup_fake_cluster_file() {
    FAKE_KUBECTL_REAL=$(command -v kubectl)
    export FAKE_KUBECTL_REAL
    render_objects "$BATS_FILE_TMPDIR/objects"
}

# Before each test: the fake kubectl and the plugins first on the PATH, a copy of the objects to
# change, an empty log, and a kubeconfig whose current context "dev" is in namespace ledger-dev
# (a second context "stage" is in ledger-stage).
setup_fake_cluster() {
    PATH="$TESTS/fake-kubectl:$PLUGINS:$PATH"
    export FAKE_KUBECTL_OBJECTS=$BATS_TEST_TMPDIR/objects
    export FAKE_KUBECTL_LOG=$BATS_TEST_TMPDIR/kubectl.log
    export KUBECONFIG=$BATS_TEST_TMPDIR/kubeconfig
    export TMPDIR=$BATS_TEST_TMPDIR
    cp -R "$BATS_FILE_TMPDIR/objects" "$FAKE_KUBECTL_OBJECTS"
    : > "$FAKE_KUBECTL_LOG"
    cat > "$KUBECONFIG" <<'EOF'
apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: "https://127.0.0.1:6443"}
users:
- name: fake
  user: {token: fake}
contexts:
- name: dev
  context: {cluster: fake, user: fake, namespace: ledger-dev}
- name: stage
  context: {cluster: fake, user: fake, namespace: ledger-stage}
current-context: dev
EOF
}

# normalise: the random id of a run and its temporary folder, as ID and WORKDIR.
normalise() {
    sed -E -e 's/acd-(spy|sniff)-[0-9a-f]{8}/acd-\1-ID/g' \
        -e "s#${BATS_TEST_TMPDIR}/kubectl-acd-[a-z-]+\.[A-Za-z0-9]+#WORKDIR#g"
}

# The calls the fake kubectl got, normalised.
kubectl_calls() {
    normalise < "$FAKE_KUBECTL_LOG"
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for FILE TEXT [SECONDS]: until FILE contains TEXT, at most SECONDS (default 20).
wait_for() {
    local waited=0
    until grep -q -- "$2" "$1" 2>/dev/null; do
        if [ "$waited" -ge "$(( ${3:-20} * 10 ))" ]; then
            echo "no '$2' in $1 after ${3:-20} s:" >&2
            cat "$1" >&2 || true
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
}
