#!/usr/bin/env bash
# Runs the kubectl plugins' tests (tools/kubectl/test/*.bats) and fails when a tool they need is
# missing; it installs nothing. Needs bats, GNU parallel, kubectl, python3, curl, tcpdump, tshark
# and a JDK 21 or newer (found as bin/lib/java.sh finds one), and shellcheck for one test (skipped
# without it). The capture tests and the pod simulation need root; as another user they are
# skipped, and say so.
#
#   tools/kubectl/test/run.sh [BATS OPTIONS...]     e.g. --filter sniff, --tap
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for tool in bats parallel kubectl python3 curl tcpdump tshark; do
    command -v "$tool" > /dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "error: the kubectl plugins' tests need ${missing[*]} on the PATH." >&2
    echo "       Debian/Ubuntu: apt-get install bats parallel tcpdump tshark curl python3 (kubectl: see k8s/README.md)" >&2
    exit 1
fi
# The JDK whose java, jcmd and jfr the spy tests use.
. ../../../bin/lib/java.sh

# The files side by side, one per core: most of their time is waiting (a capture's timeout, a JVM's
# start). The tests of one file stay in order, as they are written: a file may share what it sets up.
exec bats --print-output-on-failure --jobs "$(nproc)" --no-parallelize-within-files "$@" .
