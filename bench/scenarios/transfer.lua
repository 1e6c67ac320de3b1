-- POST /transfers between two random accounts of $ACCOUNTS_FILE, 1 cent each; with
-- IDEMPOTENCY_KEYS=1 each request carries an Idempotency-Key of its own.
local ids = {}
for line in io.lines(os.getenv("ACCOUNTS_FILE")) do ids[#ids + 1] = line end
-- token.lua lies beside this script, wherever wrk was given it
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
wrk.headers["Authorization"] = "Bearer " .. dofile(here .. "token.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local keyed = os.getenv("IDEMPOTENCY_KEYS") == "1"
-- wrk runs a copy of this script per thread: the address of this table tells them apart
local prefix = tostring({}):match("0x%x+") .. "-" .. os.time() .. "-"
local sent = 0
request = function()
  local a = math.random(#ids)
  local b = math.random(#ids - 1)
  if b >= a then b = b + 1 end
  local headers = nil
  if keyed then
    sent = sent + 1
    headers = { ["Idempotency-Key"] = prefix .. sent }
    -- a table given to wrk.format replaces wrk.headers instead of adding to them
    for name, value in pairs(wrk.headers) do headers[name] = value end
  end
  return wrk.format(nil, "/transfers", headers,
    string.format('{"from":"%s","to":"%s","amount":1,"reference":"bench"}', ids[a], ids[b]))
end

-- DELAY_MS paces each connection (a steady load instead of as fast as possible).
local pause = tonumber(os.getenv("DELAY_MS") or "")
if pause then
  delay = function() return pause end
end
