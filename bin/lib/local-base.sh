# shellcheck shell=bash
# Sourced by bin/images: the JRE 21 base image built from Debian packages, for machines that reach
# no container registry. debootstrap (minbase trixie + openjdk-21-jre-headless) takes from half a
# minute to two, so the result is kept in the local container store under a tag derived from this
# file: a later run reuses it, and an edit here builds a new one.

local_base_image() {
    echo "localhost/ledger-jre-base:21-trixie-$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
}

# The mirror apt on this machine already uses, so a proxy or a local mirror carries over.
debian_mirror() {
    local uri
    uri=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -m1 '/debian/*$' || true)
    [ -n "$uri" ] || uri=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\/*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
    echo "${uri:-http://deb.debian.org/debian}"
}

ensure_local_base() {
    local image root
    image=$(local_base_image)
    if podman image exists "$image"; then
        echo "images: base $image (cached)" >&2
        return 0
    fi
    if [ "$(id -u)" -ne 0 ] || ! command -v debootstrap >/dev/null 2>&1; then
        echo "error: building the local base needs root and debootstrap (apt-get install debootstrap)." >&2
        echo "       With access to a registry, use the public base instead: bin/images --base public" >&2
        return 1
    fi
    root=$(mktemp -d /tmp/ledger-base.XXXXXX)
    echo "images: building $image with debootstrap from $(debian_mirror) (half a minute to two minutes, as fast as the mirror)" >&2
    if ! debootstrap --variant=minbase --include=openjdk-21-jre-headless \
            trixie "$root" "$(debian_mirror)" > "$root.log" 2>&1; then
        echo "error: debootstrap failed; the last lines of $root.log:" >&2
        tail -n 20 "$root.log" >&2
        rm -rf "$root"
        return 1
    fi
    # uid and gid 185, as in the manifests' securityContext and in Red Hat's OpenJDK images
    chroot "$root" groupadd --system --gid 185 ledger
    chroot "$root" useradd --system --uid 185 --gid 185 --no-create-home --home-dir /deployments \
        --shell /usr/sbin/nologin ledger
    rm -rf "$root"/usr/share/{doc,man,info,locale}/* "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* \
        "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
    tar --numeric-owner -C "$root" -c . | podman import --quiet \
        --change 'ENV LANG=C.UTF-8' --change 'CMD ["java", "-version"]' - "$image" > /dev/null
    rm -rf "$root" "$root.log"
    echo "images: base $image built" >&2
}
