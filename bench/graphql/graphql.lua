-- wrk script for bench/graphql: POSTs one GraphQL request body (the file named
-- by GQL_BODY) with the authorization header GQL_AUTH, counts 200 responses
-- whose body carries GraphQL `errors`, and prints one JSON line (prefixed
-- `WRK_JSON `) with throughput, latency percentiles and error counts.
local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = "POST"
wrk.body = read(os.getenv("GQL_BODY"))
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = os.getenv("GQL_AUTH")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per thread (each wrk thread has its own Lua state); read back in done().
gql_errors = 0
first_error = ""

function response(status, headers, body)
  if status == 200 and string.find(body, '"errors"', 1, true) then
    gql_errors = gql_errors + 1
    if first_error == "" then first_error = string.sub(body, 1, 300) end
  elseif status >= 300 and first_error == "" then
    first_error = status .. " " .. string.sub(body, 1, 300)
  end
end

local function quote(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end) .. '"'
end

function done(summary, latency, requests)
  local errors, sample = 0, ""
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("gql_errors") or 0)
    local first = thread:get("first_error") or ""
    if sample == "" then sample = first end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"non2xx":%d,"timeout":%d,"gql_errors":%d,"sample_error":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout,
    errors, quote(sample)))
end
