-- GET /accounts/{id}/transactions (the newest page of 50) for a random account of $ACCOUNTS_FILE.
local ids = {}
for line in io.lines(os.getenv("ACCOUNTS_FILE")) do ids[#ids + 1] = line end
-- token.lua lies beside this script, wherever wrk was given it
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
wrk.headers["Authorization"] = "Bearer " .. dofile(here .. "token.lua")
request = function()
  return wrk.format("GET", "/accounts/" .. ids[math.random(#ids)] .. "/transactions?limit=50")
end
