#!/usr/bin/env bash
# Promotes images to one environment through git: pins each image by digest in the environment's
# overlay (k8s/overlays/<env>/images/<name>.yaml, a kustomize ImageTagTransformer this script
# writes whole), commits, and then either
#   MODE=sync          pushes to BASE_BRANCH, has Argo CD sync the Application to that commit, and
#                      waits until it is healthy and its Flagger Canaries (if any) have succeeded; or
#   MODE=pull-request  pushes to the branch promote/APP_NAME, for the next step to open a pull
#                      request from (the environments after dev).
# The same digests twice change nothing: no commit, and the result is the commit already there.
# This file is the script of the Task gitops-promote (delivery/tekton/tasks/gitops-promote.yaml);
# GitopsPromoteTest runs it against a local bare repository with argocd stubbed.
#
# Environment (the Task's params and workspaces come through env, never spliced into this text):
#   IMAGE_URL, IMAGE_DIGEST  one image and its digest, or several separated by spaces, in pairs
#   OVERLAY_PATH             the overlay in the checkout, e.g. k8s/overlays/dev
#   APP_NAME                 the Argo CD Application, e.g. ledger-dev
#   MODE                     sync (default) or pull-request
#   BASE_BRANCH              the branch Argo CD follows (default main)
#   GITOPS_DIR               a clone of the GitOps repository (its remote is origin)
#   GIT_CREDENTIALS_DIR      optional: .git-credentials and .gitconfig for the push
#   RESULT_COMMIT, RESULT_BRANCH   files the results go to
#   SYNC_TIMEOUT             seconds Argo CD may take to sync and become healthy (default 900)
#   ARGOCD_SERVER, ARGOCD_AUTH_TOKEN   read by the argocd CLI itself
set -euo pipefail

fail() { echo "gitops-promote: $*" >&2; exit 1; }

: "${IMAGE_URL:?}" "${IMAGE_DIGEST:?}" "${OVERLAY_PATH:?}" "${APP_NAME:?}" "${GITOPS_DIR:?}"
: "${RESULT_COMMIT:?}" "${RESULT_BRANCH:?}"
mode=${MODE:-sync}
base=${BASE_BRANCH:-main}
timeout=${SYNC_TIMEOUT:-900}
case "$mode" in
    sync) branch=$base ;;
    pull-request) branch=promote/$APP_NAME ;;
    *) fail "MODE is sync or pull-request, not '$mode'" ;;
esac

read -ra urls <<< "$IMAGE_URL"
read -ra digests <<< "$IMAGE_DIGEST"
if [ "${#urls[@]}" -eq 0 ] || [ "${#urls[@]}" -ne "${#digests[@]}" ]; then
    fail "IMAGE_URL and IMAGE_DIGEST must name as many images as digests (${#urls[@]} and ${#digests[@]})"
fi
for digest in "${digests[@]}"; do
    [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || fail "not a sha256 digest: '$digest'"
done

if [ -n "${GIT_CREDENTIALS_DIR:-}" ] && [ -f "$GIT_CREDENTIALS_DIR/.git-credentials" ]; then
    cp "$GIT_CREDENTIALS_DIR/.git-credentials" "$HOME/.git-credentials"
    if [ -f "$GIT_CREDENTIALS_DIR/.gitconfig" ]; then
        cp "$GIT_CREDENTIALS_DIR/.gitconfig" "$HOME/.gitconfig"
    fi
    git config --global credential.helper "store --file=$HOME/.git-credentials"
fi

cd "$GITOPS_DIR"
git config user.name "${GIT_AUTHOR_NAME:-ledger-delivery}"
git config user.email "${GIT_AUTHOR_EMAIL:-delivery@ledger.example}"

# The image name the manifests use, from a pin file: the name under imageTag.
pinned_name() {
    awk '/^imageTag:/ { inside = 1; next } /^[^ #]/ { inside = 0 } inside && $1 == "name:" { print $2 }' "$1"
}

# Rewrites the pin of one image: URL (a tag, if any, is dropped) at DIGEST.
pin() {
    local url=$1 digest=$2 repository name file manifests_name
    repository=$url
    case "${url##*/}" in *:*) repository=${url%:*} ;; esac
    name=${repository##*/}
    file=$OVERLAY_PATH/images/$name.yaml
    [ -f "$file" ] || fail "$file does not exist: $OVERLAY_PATH pins no image $name"
    grep -qx "  - images/$name.yaml" "$OVERLAY_PATH/kustomization.yaml" \
        || fail "$OVERLAY_PATH/kustomization.yaml does not list images/$name.yaml under transformers"
    manifests_name=$(pinned_name "$file")
    [ -n "$manifests_name" ] || fail "$file has no imageTag.name"
    cat > "$file" <<PIN
# The $name image this environment runs. delivery/tekton/scripts/gitops-promote.sh rewrites this
# file whole (newName and digest) when it promotes a build; a person may set newTag instead.
apiVersion: builtin
kind: ImageTagTransformer
metadata:
  name: $name
imageTag:
  name: $manifests_name
  newName: $repository
  digest: $digest
PIN
}

# The commit of a remote branch, or nothing when it does not exist.
remote_commit() {
    git ls-remote --heads origin "refs/heads/$1" | cut -f 1
}

# Pins the images on the tip of the base branch and commits if that changes anything. Prints the
# commit to deploy: the new one, or the tip itself when the pins were already there.
commit_pins() {
    git fetch --quiet origin "refs/heads/$base"
    git checkout --quiet -B "$branch" FETCH_HEAD
    local i summary=()
    for i in "${!urls[@]}"; do
        pin "${urls[$i]}" "${digests[$i]}"
        summary+=("${urls[$i]##*/}@${digests[$i]:7:12}")
    done
    if ! git diff --quiet -- "$OVERLAY_PATH/images"; then
        git add -- "$OVERLAY_PATH/images"
        git commit --quiet -m "promote $APP_NAME: ${summary[*]}" \
            -m "Pins $OVERLAY_PATH/images by digest (delivery/tekton/scripts/gitops-promote.sh)."
    fi
    git rev-parse HEAD
}

commit=
for attempt in 1 2 3; do
    commit=$(commit_pins)
    if [ "$mode" = sync ]; then
        [ "$commit" = "$(remote_commit "$base")" ] && break
        # Rejected when someone pushed meanwhile: start again from the new tip.
        git push --quiet origin "HEAD:refs/heads/$base" && break
    else
        if [ "$commit" = "$(remote_commit "$base")" ]; then
            commit=
            break
        fi
        # The pull request's branch may hold these pins already: then it stays as it is.
        existing=$(remote_commit "$branch")
        if [ -n "$existing" ] && git fetch --quiet origin "refs/heads/$branch" \
                && git diff --quiet FETCH_HEAD "$commit" -- "$OVERLAY_PATH/images"; then
            commit=$existing
            break
        fi
        git push --quiet --force origin "HEAD:refs/heads/$branch" && break
    fi
    [ "$attempt" -lt 3 ] || fail "could not push to $branch after $attempt attempts"
done

if [ "$mode" = pull-request ]; then
    if [ -z "$commit" ]; then
        echo "gitops-promote: $OVERLAY_PATH already runs these images; no pull request"
        commit=$(remote_commit "$base")
        printf '' > "$RESULT_BRANCH"
    else
        echo "gitops-promote: $branch at $commit, for a pull request into $base"
        printf '%s' "$branch" > "$RESULT_BRANCH"
    fi
    printf '%s' "$commit" > "$RESULT_COMMIT"
    exit 0
fi

printf '%s' "$commit" > "$RESULT_COMMIT"
printf '' > "$RESULT_BRANCH"
echo "gitops-promote: $base at $commit; syncing $APP_NAME"

# Argo CD refuses a sync to a given revision while automated sync is on ("auto-sync currently set
# to main"): such an Application syncs its branch, which now holds the commit.
if argocd app get "$APP_NAME" -o json | grep -q '"automated"'; then
    argocd app sync "$APP_NAME" --timeout "$timeout"
else
    argocd app sync "$APP_NAME" --revision "$commit" --timeout "$timeout"
fi
argocd app wait "$APP_NAME" --sync --health --timeout "$timeout"

# A Canary's health (argocd-cm, delivery/argocd) is Progressing until Flagger has promoted or
# rolled back; a failed analysis makes it Degraded and this wait fail.
canaries=$(argocd app resources "$APP_NAME" | awk '$1 == "flagger.app" && $2 == "Canary" { print $4 }')
for canary in $canaries; do
    echo "gitops-promote: waiting for the Canary $canary"
    argocd app wait "$APP_NAME" --resource "flagger.app:Canary:$canary" --health --timeout "$timeout"
done
echo "gitops-promote: $APP_NAME is healthy at $commit"
