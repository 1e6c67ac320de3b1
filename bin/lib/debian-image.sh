# shellcheck shell=bash
# Sourced by the local image recipes (local-base.sh, local-proxy.sh): an image made from Debian
# packages with debootstrap, for machines that reach no container registry. Debootstrap takes from
# half a minute to two, so each result is kept in the local container store under a tag derived from
# its recipe: a later run reuses it, and an edit of the recipe (or of this file) builds a new one.

# The tag suffix of an image made by the recipe file $1 and this file.
recipe_hash() {
    cat "$1" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-12
}

# The mirror apt on this machine already uses, so a proxy or a local mirror carries over.
debian_mirror() {
    local uri
    uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -m1 '/debian/*$' || true)
    [ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\/*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
    echo "${uri:-http://deb.debian.org/debian}"
}

# ensure_debian_image IMAGE PACKAGES UID USER HOME [--change ...]: minbase trixie with PACKAGES
# (comma-separated), a system user USER with uid and gid UID and home HOME, docs and apt caches
# removed; the remaining arguments go to podman import (ENV, CMD, USER ...).
ensure_debian_image() {
    local image=$1 packages=$2 uid=$3 user=$4 home=$5 root lock job
    shift 5
    if podman image exists "$image"; then
        echo "images: $image (cached)" >&2
        return 0
    fi
    # one build of an image at a time: the Maven build starts this early in the background
    # (bin/images --bases-only), and its later bin/images waits for that build here
    exec {lock}> "${TMPDIR:-/tmp}/${image//[\/:]/_}.lock"
    if ! flock --nonblock "$lock"; then
        echo "images: waiting for another build of $image" >&2
        flock "$lock"
    fi
    if podman image exists "$image"; then
        echo "images: $image (built meanwhile)" >&2
        exec {lock}>&-
        return 0
    fi
    if [ "$(id -u)" -ne 0 ] || ! command -v debootstrap >/dev/null 2>&1; then
        echo "error: building $image needs root and debootstrap (apt-get install debootstrap)." >&2
        echo "       With access to a registry, use the public images instead: bin/images --base public" >&2
        exec {lock}>&-
        return 1
    fi
    root=$(mktemp -d /tmp/ledger-image.XXXXXX) job=
    # a TERM, INT or broken pipe (a Maven build that ends early stops its background build, bin/images
    # --bases-only) stops debootstrap whole while it runs, and leaves no half-built root
    trap '[ -z "$job" ] || { kill -TERM -- -"$job" 2> /dev/null; wait "$job" || true; }
        rm -rf "$root" "$root.log"; exit 143' TERM INT PIPE
    echo "images: building $image with debootstrap from $(debian_mirror) (half a minute to two minutes, as fast as the mirror)" >&2
    # in a process group of its own (set -m), which the trap stops with its dpkg, chroots and downloads
    set -m
    debootstrap --variant=minbase --include="$packages" trixie "$root" "$(debian_mirror)" > "$root.log" 2>&1 &
    job=$!
    set +m
    if ! wait "$job"; then
        trap - TERM INT PIPE
        echo "error: debootstrap failed; the last lines of $root.log:" >&2
        tail -n 20 "$root.log" >&2
        rm -rf "$root" "$root.log"
        exec {lock}>&-
        return 1
    fi
    job=
    if ! chroot "$root" getent group "$uid" > /dev/null; then
        chroot "$root" groupadd --system --gid "$uid" "$user"
    fi
    if ! chroot "$root" getent passwd "$uid" > /dev/null; then
        chroot "$root" useradd --system --uid "$uid" --gid "$uid" --no-create-home --home-dir "$home" \
            --shell /usr/sbin/nologin "$user"
    fi
    rm -rf "$root"/usr/share/{doc,man,info,locale}/* "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* \
        "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
    tar --numeric-owner -C "$root" -c . | podman import --quiet --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$@" - "$image" > /dev/null
    rm -rf "$root" "$root.log"
    trap - TERM INT PIPE
    echo "images: $image built" >&2
    exec {lock}>&-
}
