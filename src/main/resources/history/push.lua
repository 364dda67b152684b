-- Pushes one request's results on top of the shared list and keeps the newest, in one atomic step.
-- KEYS[1]: the list. ARGV[1]: how many to keep. ARGV[2..]: the entries as JSON objects, the request's
-- first image first. Every entry gets this Redis's time, so that the order and the times shown agree
-- whichever instance wrote it and however the instances' clocks differ.
if redis.replicate_commands then
  redis.replicate_commands() -- before Redis 5, writes after TIME need it; a no-op since
end
for i = 2, #ARGV do
  if string.sub(ARGV[i], 1, 1) ~= '{' or string.len(ARGV[i]) < 3 then
    return redis.error_reply('entry ' .. (i - 1) .. ' is not a JSON object with fields')
  end
end
local now = redis.call('TIME')
local micros = now[1] .. string.format('%06d', tonumber(now[2]))
for i = #ARGV, 2, -1 do
  redis.call('LPUSH', KEYS[1], '{"time":' .. micros .. ',' .. string.sub(ARGV[i], 2))
end
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1)
return redis.call('LLEN', KEYS[1])
