-- wrk script for bench/s3: sends the request named by S3_METHOD (GET or PUT,
-- the PUT body read from the file S3_BODY) to the presigned URL given on the
-- command line and prints one JSON line (prefixed `WRK_JSON `) with
-- throughput, latency percentiles and error counts.
local function read(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

wrk.method = os.getenv("S3_METHOD")
if wrk.method == "PUT" then
  wrk.body = read(os.getenv("S3_BODY"))
end

-- No response() callback: with one, wrk copies every body into Lua, which
-- would make wrk, not the server, the bottleneck for large GETs. Non-2xx/3xx
-- answers are counted by wrk itself (summary.errors.status).

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout
  io.write(string.format(
      'WRK_JSON {"requests":%d,"seconds":%.3f,"p50_ms":%.3f,"p99_ms":%.3f,"bad_status":%d,"socket_errors":%d}\n',
      summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
      latency:percentile(99) / 1e3, summary.errors.status, errors))
end
