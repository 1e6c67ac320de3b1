#!/bin/sh
# Takes a token for the load from the identity provider (client credentials of the client
# ledger-bench, an admin: docs/keycloak/ledger-realm.json) into $LEDGER_TOKEN_FILE, then opens
# $ACCOUNTS accounts with a large balance through the command side's internal port and writes their
# ids to $ACCOUNTS_FILE, one a line: what bench/lib.sh's bench_accounts does on a laptop, for the
# load CronJob ledger-bench. The image has curl but no jq: the token is cut out of the JSON answer,
# the id is the last segment of the Location of the 201 (docs/command-api.md).
set -eu
: "${COMMAND_URL:?}" "${ACCOUNTS:?}" "${ACCOUNTS_FILE:?}"
: "${TOKEN_URL:?}" "${CLIENT_ID:?}" "${CLIENT_SECRET:?}" "${LEDGER_TOKEN_FILE:?}"
curl -fsS "$TOKEN_URL" -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' > "$LEDGER_TOKEN_FILE"
if [ ! -s "$LEDGER_TOKEN_FILE" ]; then
    echo "open-accounts: no access token from $TOKEN_URL" >&2
    exit 1
fi
token=$(cat "$LEDGER_TOKEN_FILE")
: > "$ACCOUNTS_FILE"
run=$(date +%s)
i=0
while [ "$i" -lt "$ACCOUNTS" ]; do
    location=$(curl -fsS -o /dev/null -w '%header{location}' "$COMMAND_URL/accounts" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$run-$i" \
        -d "{\"owner\":\"bench-$i\",\"currency\":\"EUR\"}")
    id=${location##*/}
    if [ -z "$id" ]; then
        echo "open-accounts: no Location for account $i" >&2
        exit 1
    fi
    curl -fsS -o /dev/null "$COMMAND_URL/accounts/$id/deposits" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$run-$i-deposit" \
        -d '{"amount":1000000000}'
    echo "$id" >> "$ACCOUNTS_FILE"
    i=$((i + 1))
done
echo "open-accounts: $ACCOUNTS accounts in $ACCOUNTS_FILE"
