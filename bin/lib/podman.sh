# shellcheck shell=bash
# Sourced by bin/images and bin/pods: makes `podman` work on machines whose cgroup layout its
# defaults do not fit. A laptop with the unified cgroup v2 layout needs nothing; a VM with the
# hybrid (v1) layout needs runc instead of crun, the cgroupfs manager and no default ulimits, which
# images/containers.conf sets. The pod tests run podman through this file too (pods/Podman.java).

if ! command -v podman >/dev/null 2>&1; then
    echo "error: podman not found. Install it (Debian/Ubuntu: apt-get install podman runc;" >&2
    echo "       macOS: brew install podman && podman machine init --now)." >&2
    exit 1
fi

if [ -z "${CONTAINERS_CONF:-}" ] && [ -d /sys/fs/cgroup ] \
        && [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" != cgroup2fs ]; then
    CONTAINERS_CONF="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../images" && pwd)/containers.conf"
    export CONTAINERS_CONF
fi
