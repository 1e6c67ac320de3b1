-- POST /accounts/{id}/deposits, 1 cent, always on the same account of $ACCOUNTS_FILE: every request
-- queues for the same row lock. Each carries an Idempotency-Key of its own. The account is the
-- smallest id, the one deposit-hot.sql takes as bench_account n = 1.
local ids = {}
for line in io.lines(os.getenv("ACCOUNTS_FILE")) do ids[#ids + 1] = line end
table.sort(ids)
local hot = ids[1]
-- token.lua lies beside this script, wherever wrk was given it
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local token = "Bearer " .. dofile(here .. "token.lua")
-- wrk runs a copy of this script per thread: the address of this table tells them apart
local prefix = tostring({}):match("0x%x+") .. "-" .. os.time() .. "-"
local sent = 0
request = function()
  sent = sent + 1
  return wrk.format("POST", "/accounts/" .. hot .. "/deposits",
    { ["Authorization"] = token, ["Content-Type"] = "application/json", ["Idempotency-Key"] = prefix .. sent },
    '{"amount":1}')
end
