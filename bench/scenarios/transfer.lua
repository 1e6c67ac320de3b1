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

-- RATE (transfers a second over THREADS wrk threads) paces the load instead of sending as fast
-- as possible: each thread hands its connections send times on a fixed schedule, so the rate holds
-- while answers take less than the connections cover, and no more than one request a connection
-- is ever waiting (a schedule that falls behind restarts from now, without a burst).
local rate = tonumber(os.getenv("RATE") or "")
if rate then
  local ffi = require("ffi")
  ffi.cdef[[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
  ]]
  local clock = ffi.new("bench_timespec")
  local CLOCK_MONOTONIC = 1
  local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
  end
  local interval = tonumber(os.getenv("THREADS") or "1") * 1000 / rate
  local due = 0
  delay = function()
    local now = now_ms()
    if due < now then due = now end
    local wait = due - now
    due = due + interval
    return wait
  end
end
