#!/usr/bin/env bash
# The chaos suite (bench/chaos/README.md): the packaged services, PostgreSQL and Kafka as processes of
# their own, a steady load of transfers, faults on a seeded schedule, then the ledger's invariants.
# Exit 0 when every invariant held, 1 when one did not, 2 for a bad option, 3 when the run could not
# complete. Logs, data and summary.md in target/chaos.
# Usage: bench/chaos/run.sh [--no-build] [--short] [--seed N] [--duration SECONDS] [--faults KIND,...]
#        (--help lists every option)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/lib/java.sh

build=true
options=()
for arg in "$@"; do
    if [ "$arg" = --no-build ]; then
        build=false
    else
        options+=("$arg")
    fi
done

# The driver runs on devstack's runtime classpath (PostgreSQL, Kafka, the contracts), as bench/lib.sh's
# devstack does; each module of the build gets the file, the driver reads devstack's.
classpath_options=(dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/chaos.classpath)
if $build; then
    echo "chaos: building (./mvnw package)"
    ./mvnw -q -B package "${classpath_options[@]}" -DskipTests -pl command-service,query-service,jobs,devstack -am
else
    # devstack and the module it uses (contracts) packaged again, quickly, in the same reactor: only
    # then do they resolve from their target/ rather than from a local repository the build never
    # installed them to
    ./mvnw -q -B package "${classpath_options[@]}" -DskipTests -pl devstack -am
fi
classpath="devstack/target/classes:$(cat devstack/target/chaos.classpath)"

# Compiled apart from target/chaos, which every run empties for its fresh data and logs.
classes=target/chaos-driver
rm -rf "$classes"
mkdir -p "$classes"
"$JAVA_HOME/bin/javac" --release 21 -d "$classes" -cp "$classpath" bench/chaos/*.java
exec "$JAVA_HOME/bin/java" -Xmx256m -cp "$classes:$classpath" Chaos "${options[@]}"
