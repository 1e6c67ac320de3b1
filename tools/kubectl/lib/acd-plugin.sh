# shellcheck shell=bash
# shellcheck disable=SC2034 # the plugins that source this file read its variables
# Sourced by the kubectl-acd_* plugins: their common options (-n/--namespace, --context, --dry-run,
# --help), error messages and exit codes, and how a kubectl command is printed, looked up or run.
# Bash 3.2 compatible (macOS): no associative arrays, no mapfile, and an array that may be empty is
# expanded as ${a[@]+"${a[@]}"}.
#
# Exit codes: 0 done, 1 failed (kubectl failed, the cluster refused, a lookup found nothing),
# 2 usage error.

# Set by the plugin before it sources this file: its name as kubectl shows it ("acd-spy").
: "${ACD_PLUGIN:?set ACD_PLUGIN before sourcing acd-plugin.sh}"

dry_run=false
namespace=""
context=""
# The dry-run listing goes to the plugin's standard output even from inside $(...).
exec 3>&1

usage_error() {
    echo "kubectl $ACD_PLUGIN: error: $*" >&2
    echo "Run 'kubectl $ACD_PLUGIN --help' for usage." >&2
    exit 2
}

fail() {
    echo "kubectl $ACD_PLUGIN: error: $*" >&2
    exit 1
}

note() {
    echo "kubectl $ACD_PLUGIN: $*" >&2
}

# need_value "$@": the option in $1 has a value in $2.
need_value() {
    if [ $# -lt 2 ] || [ -z "$2" ] || [ "${2#-}" != "$2" ]; then
        usage_error "$1 needs a value"
    fi
}

# common_option "$@": takes -n/--namespace, --context, --dry-run, -h/--help off the front of the
# arguments and sets $consumed to how many it used; returns 1 when $1 is none of them. The plugin
# defines usage().
consumed=0
common_option() {
    consumed=1
    case $1 in
        -n | --namespace) need_value "$@"; namespace=$2; consumed=2 ;;
        --namespace=?*) namespace=${1#*=} ;;
        -n=?*) namespace=${1#-n=} ;;
        -n?*) namespace=${1#-n} ;;
        --context) need_value "$@"; context=$2; consumed=2 ;;
        --context=?*) context=${1#*=} ;;
        --namespace= | --context=) usage_error "${1%=} needs a value" ;;
        --dry-run) dry_run=true ;;
        -h | --help) usage; exit 0 ;;
        *) consumed=0; return 1 ;;
    esac
}

# require_number NAME VALUE: VALUE is a whole number of at least 1.
require_number() {
    case $2 in
        "" | *[!0-9]* | 0*) usage_error "$1 needs a whole number of at least 1, not '$2'" ;;
    esac
}

# quote WORD: WORD as a POSIX shell reads it back, quoted only where needed.
quote() {
    case $1 in
        "") printf "''" ;;
        *[!A-Za-z0-9_./:=,@%+-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
        *) printf '%s' "$1" ;;
    esac
}

# show_command WORD...: one line that a shell runs as exactly these words.
show_command() {
    local line="" word
    for word in "$@"; do
        line="$line${line:+ }$(quote "$word")"
    done
    printf '%s\n' "$line" >&3
}

# The flags that every kubectl command of the plugin gets: the namespace and the context.
scope() {
    scope_flags=(-n "$namespace")
    if [ -n "$context" ]; then
        scope_flags+=("--context=$context")
    fi
}

# lookup ARG...: a read-only kubectl call (get, config view) whose answer the plugin needs to build
# the commands it runs. It runs in a dry run too, and is listed there with the others. Its errors
# are shown and kept for answered_no.
lookup() {
    local status=0
    if $dry_run; then
        show_command kubectl "$@"
    fi
    kubectl "$@" 2> "$workdir/lookup-errors" || status=$?
    cat "$workdir/lookup-errors" >&2
    return "$status"
}

# answered_no: the last lookup failed because the API server said no (the object does not exist,
# or RBAC forbids reading it), not because no cluster could be reached; a dry run then assumes
# nothing.
answered_no() {
    grep -q -e '(NotFound)' -e '(Forbidden)' "$workdir/lookup-errors"
}

# resolve_namespace: without -n, the namespace of kubectl's current (or --context) context, so that
# every command the plugin prints names its namespace and runs the same when pasted elsewhere.
resolve_namespace() {
    local found
    if [ -n "$namespace" ]; then
        scope
        return 0
    fi
    if found=$(lookup config view --minify ${context:+"--context=$context"} -o 'jsonpath={..namespace}'); then
        namespace=${found:-default}
    elif $dry_run; then
        namespace=default
        note "kubectl has no current context; assuming namespace default (give -n)"
    else
        fail "no namespace given (-n) and kubectl has no current context to take it from"
    fi
    scope
}

# new_id: 8 hex digits, for names that must not collide with an earlier run's.
new_id() {
    od -An -N4 -tx1 /dev/urandom | tr -d ' \n'
}

# make_workdir: a private temporary folder for the files the kubectl commands read (the debug
# profile) and the lookups' errors. A dry run keeps it, since the commands it prints name its files.
make_workdir() {
    workdir=$(mktemp -d "${TMPDIR:-/tmp}/kubectl-$ACD_PLUGIN.XXXXXX")
    if ! $dry_run; then
        trap 'rm -rf "$workdir"' EXIT
    fi
}

# GATE: the start of the debug container's shell command, which waits for one line on its standard
# input. kubectl attaches to the container only once it runs, and whatever the command writes before
# that is lost (kubernetes/kubernetes#27264): the first lines of a thread dump, or the header of a
# pcap stream. The plugin writes the line into kubectl's standard input at once, and kubectl forwards
# it only over the attached stream, so the command starts once kubectl listens. By hand: press Enter.
GATE='read -r _ || exit 1'
