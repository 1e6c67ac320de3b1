-- GET /accounts/{id} for a random account of $ACCOUNTS_FILE.
local ids = {}
for line in io.lines(os.getenv("ACCOUNTS_FILE")) do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/accounts/" .. ids[math.random(#ids)])
end
