-- The bearer token the scenarios' requests carry: $LEDGER_TOKEN (bench/lib.sh sets devstack's admin
-- token), or the first line of the file $LEDGER_TOKEN_FILE names (the perf CronJob's, taken from
-- the identity provider).
local token = os.getenv("LEDGER_TOKEN")
if not token then
  local file = assert(io.open(os.getenv("LEDGER_TOKEN_FILE")))
  token = file:read("*l")
  file:close()
end
return token
