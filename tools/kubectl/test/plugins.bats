#!/usr/bin/env bats
# The three plugins as kubectl and krew see them: shellcheck, kubectl's plugin discovery and
# dispatch (acd-open-svc finds kubectl-acd_open_svc), the deterministic krew archive and the
# manifests that name its sha256, and an install laid out as krew lays it out.

bats_require_minimum_version 1.5.0
load helpers

NAMES=(acd-open-svc acd-sniff acd-spy)

# The real kubectl's folder and the system's, with no plugin; then with the plugins' folder first.
system_path() {
    echo "$(dirname "$(command -v kubectl)"):/usr/bin:/bin"
}
plugin_path() {
    echo "$PLUGINS:$(system_path)"
}

@test "every script passes shellcheck" {
    command -v shellcheck > /dev/null || skip "shellcheck is not installed (ScriptsTest runs it in the build)"
    cd "$PLUGINS"
    shellcheck kubectl-acd_open_svc kubectl-acd_sniff kubectl-acd_spy lib/acd-plugin.sh package.sh \
        test/run.sh test/helpers.bash test/*.bats test/fake-kubectl/kubectl test/fake-kubectl/ephemeral-container
}

@test "kubectl plugin list finds the three plugins on the PATH" {
    run env PATH="$(plugin_path)" kubectl plugin list --name-only
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\n'kubectl-acd_open_svc$'\n'kubectl-acd_sniff$'\n'kubectl-acd_spy* ]]
    [[ "$output" != *"warning"* ]]
}

@test "kubectl runs each plugin by its dashed name" {
    for name in "${NAMES[@]}"; do
        run env PATH="$(plugin_path)" kubectl "$name" --help
        [ "$status" -eq 0 ]
        [[ "$output" == *"kubectl $name "* ]]
    done
}

@test "the archive is the same bytes from any checkout, and the manifests name its sha256" {
    run "$PLUGINS/package.sh" --check --out "$BATS_TEST_TMPDIR/a"
    [ "$status" -eq 0 ]
    # A copy with other times and modes, as another clone with another umask would have it.
    mkdir "$BATS_TEST_TMPDIR/clone"
    cp -R "$PLUGINS/kubectl-acd_open_svc" "$PLUGINS/kubectl-acd_sniff" "$PLUGINS/kubectl-acd_spy" \
        "$PLUGINS/lib" "$PLUGINS/krew" "$PLUGINS/package.sh" "$BATS_TEST_TMPDIR/clone/"
    chmod 700 "$BATS_TEST_TMPDIR"/clone/kubectl-acd_* && chmod 600 "$BATS_TEST_TMPDIR/clone/lib/acd-plugin.sh"
    touch -d '2030-01-02 03:04:05' "$BATS_TEST_TMPDIR"/clone/kubectl-acd_* "$BATS_TEST_TMPDIR/clone/lib/acd-plugin.sh"
    run "$BATS_TEST_TMPDIR/clone/package.sh" --check --out "$BATS_TEST_TMPDIR/b"
    [ "$status" -eq 0 ]
    cmp "$BATS_TEST_TMPDIR/a/kubectl-acd-plugins.tar.gz" "$BATS_TEST_TMPDIR/b/kubectl-acd-plugins.tar.gz"
}

@test "a changed plugin makes --check fail until package.sh has written the new sha256" {
    mkdir "$BATS_TEST_TMPDIR/clone"
    cp -R "$PLUGINS/kubectl-acd_open_svc" "$PLUGINS/kubectl-acd_sniff" "$PLUGINS/kubectl-acd_spy" \
        "$PLUGINS/lib" "$PLUGINS/krew" "$PLUGINS/package.sh" "$BATS_TEST_TMPDIR/clone/"
    echo "# changed" >> "$BATS_TEST_TMPDIR/clone/kubectl-acd_spy"
    run "$BATS_TEST_TMPDIR/clone/package.sh" --check --out "$BATS_TEST_TMPDIR/a"
    [ "$status" -eq 1 ]
    [[ "$output" == *"name another sha256 than the archive's"* ]]
    run "$BATS_TEST_TMPDIR/clone/package.sh" --out "$BATS_TEST_TMPDIR/a"
    [ "$status" -eq 0 ]
    run "$BATS_TEST_TMPDIR/clone/package.sh" --check --out "$BATS_TEST_TMPDIR/a"
    [ "$status" -eq 0 ]
}

@test "each manifest is a krew Plugin for linux and darwin whose bin and files are in the archive" {
    "$PLUGINS/package.sh" --check --out "$BATS_TEST_TMPDIR" > /dev/null
    archive=$BATS_TEST_TMPDIR/kubectl-acd-plugins.tar.gz
    for name in "${NAMES[@]}"; do
        KUBECONFIG=/dev/null kubectl label --local -f "$PLUGINS/krew/$name.yaml" checked=1 -o json \
            | python3 -c '
import hashlib, json, sys, tarfile
name, archive = sys.argv[1], sys.argv[2]
plugin = json.load(sys.stdin)
assert plugin["apiVersion"] == "krew.googlecontainertools.github.com/v1alpha2", plugin["apiVersion"]
assert plugin["kind"] == "Plugin" and plugin["metadata"]["name"] == name
spec = plugin["spec"]
assert spec["version"] == "v0.1.0" and spec["shortDescription"] and spec["description"]
[platform] = spec["platforms"]
[expression] = platform["selector"]["matchExpressions"]
assert expression == {"key": "os", "operator": "In", "values": ["darwin", "linux"]}, expression
assert platform["uri"] == "https://github.com/acd-reference/acd-reference/releases/download/v0.1.0/kubectl-acd-plugins.tar.gz"
assert platform["sha256"] == hashlib.sha256(open(archive, "rb").read()).hexdigest()
assert platform["bin"] == "kubectl-" + name.replace("-", "_"), platform["bin"]
names = tarfile.open(archive).getnames()
for operation in platform["files"]:
    assert operation["from"] in names, operation["from"]
assert platform["bin"] in [f["from"] for f in platform["files"]]
' "$name" "$archive"
    done
}

@test "installed as krew installs it, each plugin finds its library through krew's symbolic link" {
    "$PLUGINS/package.sh" --check --out "$BATS_TEST_TMPDIR" > /dev/null
    for name in "${NAMES[@]}"; do
        bin=kubectl-${name//-/_}
        # krew: the archive unpacked, the manifest's files moved into store/NAME/VERSION, a link in bin/.
        mkdir -p "$BATS_TEST_TMPDIR/unpacked/$name" "$BATS_TEST_TMPDIR/store/$name/v0.1.0" "$BATS_TEST_TMPDIR/krew-bin"
        tar -xzf "$BATS_TEST_TMPDIR/kubectl-acd-plugins.tar.gz" -C "$BATS_TEST_TMPDIR/unpacked/$name"
        mv "$BATS_TEST_TMPDIR/unpacked/$name/$bin" "$BATS_TEST_TMPDIR/unpacked/$name/lib" "$BATS_TEST_TMPDIR/store/$name/v0.1.0/"
        ln -s "$BATS_TEST_TMPDIR/store/$name/v0.1.0/$bin" "$BATS_TEST_TMPDIR/krew-bin/$bin"
        run env PATH="$BATS_TEST_TMPDIR/krew-bin:$(system_path)" kubectl "$name" --help
        [ "$status" -eq 0 ]
        [[ "$output" == *"kubectl $name "* ]]
    done
}

@test "as a krew custom index, the repository's plugins/ holds each manifest under the plugin's name" {
    [ -e "$REPO/plugins" ] || skip "no plugins/ at the repository root: no custom index"
    for name in "${NAMES[@]}"; do
        [ -f "$REPO/plugins/$name.yaml" ]
        grep -q "^  name: $name\$" "$REPO/plugins/$name.yaml"
    done
    [ "$(find -L "$REPO/plugins" -maxdepth 1 -name '*.yaml' | wc -l)" -eq "${#NAMES[@]}" ]
}
