-- POST the file named by $BENCH_BODY as application/json (the same bytes for every framework).
local path = assert(os.getenv("BENCH_BODY"), "BENCH_BODY is not set")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
