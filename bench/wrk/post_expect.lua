-- POST the file named by $BENCH_BODY as application/json and count every answer whose status
-- is not $BENCH_EXPECT (e.g. 422 for the invalid body). Prints `unexpected_status N` at the end.
-- Only used where the expected status is not 2xx: wrk's own summary counts non-2xx/3xx answers,
-- which is all of them there.
local path = assert(os.getenv("BENCH_BODY"), "BENCH_BODY is not set")
local expect = tonumber((assert(os.getenv("BENCH_EXPECT"), "BENCH_EXPECT is not set")))
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   unexpected = 0
end

function response(status, headers, body)
   if status ~= expect then
      unexpected = unexpected + 1
   end
end

function done(summary, latency, requests)
   local total = 0
   for _, thread in ipairs(threads) do
      total = total + thread:get("unexpected")
   end
   io.write(string.format("unexpected_status %d\n", total))
end
