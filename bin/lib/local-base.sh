# shellcheck shell=bash
# Sourced by bin/images: the JRE 21 base image built from Debian packages (openjdk-21-jre-headless)
# with a ledger user 185:185, as in the manifests' securityContext and in Red Hat's OpenJDK images.
. "$(dirname "${BASH_SOURCE[0]}")/debian-image.sh"

local_base_image() {
    echo "localhost/ledger-jre-base:21-trixie-$(recipe_hash "${BASH_SOURCE[0]}")"
}

ensure_local_base() {
    ensure_debian_image "$(local_base_image)" openjdk-21-jre-headless 185 ledger /deployments \
        --change 'CMD ["java", "-version"]'
}
