# shellcheck shell=bash
# Sourced by bin/* and .ci/run: exports JAVA_HOME for a JDK 21 or newer, or exits with what to do.
# Order: JAVA_HOME if set and new enough, the java on PATH, then the usual install folders.

java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

pick_jdk() {
    local candidate
    for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")" 2>/dev/null)" \
            /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] \
                && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME="$(pick_jdk)"; then
    echo "error: no JDK 21 or newer found (looked at JAVA_HOME, the java on PATH, /usr/lib/jvm," >&2
    echo "       /Library/Java/JavaVirtualMachines and ~/.sdkman). Install one, e.g. Temurin 21, and" >&2
    echo "       set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven 3.9's Guice uses sun.misc.Unsafe, which JDK 24+ warns about on every run.
if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
