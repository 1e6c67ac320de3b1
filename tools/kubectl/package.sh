#!/usr/bin/env bash
# Builds the kubectl plugins' krew archive, tools/kubectl/target/kubectl-acd-plugins.tar.gz, and
# writes its sha256 into the three manifests in tools/kubectl/krew/. The archive is the same bytes
# from the same commit on any machine with GNU tar and GNU gzip: names sorted, every mtime 0, owner
# and group 0 without names, modes 755 or 644, gzip without name or time (-n). A release uploads it
# to the URI the manifests name; run this after changing a plugin, and commit the manifests.
#
#   tools/kubectl/package.sh [--check] [--out DIR]
#     --check    change no manifest; fail when one names another sha256 than the archive's
#     --out DIR  write the archive to DIR (default tools/kubectl/target)
set -euo pipefail
cd "$(dirname "$0")"

check=false
out=target
while [ $# -gt 0 ]; do
    case $1 in
        --check) check=true; shift ;;
        --out) out=${2:?--out needs a folder}; shift 2 ;;
        *) echo "error: unknown option $1 (package.sh [--check] [--out DIR])" >&2; exit 2 ;;
    esac
done
if ! tar --version 2> /dev/null | grep -q 'GNU tar'; then
    echo "error: package.sh needs GNU tar (macOS: brew install gnu-tar, and put gtar first as tar)" >&2
    exit 1
fi

# What krew installs: the plugins and the library they source. Not the manifests, which name the
# archive's sha256, nor the tests.
contents=(kubectl-acd_open_svc kubectl-acd_sniff kubectl-acd_spy lib)
manifests=(krew/acd-open-svc.yaml krew/acd-sniff.yaml krew/acd-spy.yaml)
archive=$out/kubectl-acd-plugins.tar.gz

mkdir -p "$out"
tar --format=ustar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode='u=rwX,go=rX' \
    -cf - "${contents[@]}" | gzip -9 -n > "$archive.tmp"
mv "$archive.tmp" "$archive"
sha=$(sha256sum "$archive" | cut -d' ' -f1)
echo "package: $archive sha256 $sha"

stale=()
for manifest in "${manifests[@]}"; do
    grep -q "^    sha256: $sha\$" "$manifest" || stale+=("$manifest")
done
if [ ${#stale[@]} -eq 0 ]; then
    echo "package: the manifests name this sha256"
elif $check; then
    echo "error: ${stale[*]} name another sha256 than the archive's: run tools/kubectl/package.sh and commit the manifests" >&2
    exit 1
else
    sed -i "s/^    sha256: .*/    sha256: $sha/" "${stale[@]}"
    echo "package: wrote the sha256 into ${stale[*]}"
fi
