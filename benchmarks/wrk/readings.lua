-- wrk script: POSTs readings to /v1/readings, each from a random sensor among 100,000, as JSON.
-- BATCH (environment, default 1) readings per request; 1 is what real sensors send.
local batch = tonumber(os.getenv("BATCH") or "1")
local sensors = 100000

math.randomseed(os.time())
wrk.method = "POST"
wrk.path = "/v1/readings"
wrk.headers["Content-Type"] = "application/json"

local function reading()
  local max = 30 + math.random(0, 30)
  return string.format(
    '{"sensorId":"%d","motion":false,"smoke":%s,"temperature":%.1f,"maxTemperature":%.1f}',
    math.random(1, sensors), math.random() < 0.01 and "true" or "false", max - 10 + math.random() * 8, max)
end

request = function()
  if batch == 1 then
    return wrk.format(nil, nil, nil, reading())
  end
  local parts = {}
  for i = 1, batch do parts[i] = reading() end
  return wrk.format(nil, nil, nil, "[" .. table.concat(parts, ",") .. "]")
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
