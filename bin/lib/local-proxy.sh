# shellcheck shell=bash
# Sourced by bin/images: the stand-in for the public HAProxy image the acd-proxy component pins,
# built from Debian's haproxy package, with the public image's uid and gid (99:99) and its
# configuration path /usr/local/etc/haproxy. The pod tests play the proxy from it.
. "$(dirname "${BASH_SOURCE[0]}")/debian-image.sh"

local_proxy_image() {
    echo "localhost/ledger-haproxy:trixie-$(recipe_hash "${BASH_SOURCE[0]}")"
}

ensure_local_proxy() {
    ensure_debian_image "$(local_proxy_image)" haproxy 99 ledger-proxy /var/lib/haproxy \
        --change 'USER 99:99' --change 'CMD ["haproxy", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]'
}
