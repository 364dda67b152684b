-- Keeps one upload for its "Why?" links, shared by every instance, and drops the oldest beyond the bounds, in one
-- atomic step. KEYS[1]: the ids, newest first (a list); KEYS[2]: the uploads (a hash: <id> the bytes, <id>:name
-- the file name); both under one hash tag. ARGV: most uploads, most bytes, id, file name, bytes, seconds to live.
-- The bytes are counted from the hash itself each time (fifteen lengths at most), so nothing can drift: an entry
-- that went missing (evicted, deleted by hand) just drops out.
local ids, uploads = KEYS[1], KEYS[2]
local most, budget, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
redis.call('HSET', uploads, id, ARGV[5], id .. ':name', ARGV[4])
redis.call('LPUSH', ids, id)
local kept, bytes = 0, 0
for _, each in ipairs(redis.call('LRANGE', ids, 0, -1)) do
  local size = redis.call('HSTRLEN', uploads, each)
  if size > 0 and kept < most and bytes + size <= budget then
    kept, bytes = kept + 1, bytes + size
  else
    -- Beyond a bound once, beyond it for every older one: the newest that fit stay.
    if size > 0 then
      most = 0
    end
    redis.call('LREM', ids, 1, each)
    redis.call('HDEL', uploads, each, each .. ':name')
  end
end
redis.call('EXPIRE', ids, ARGV[6])
redis.call('EXPIRE', uploads, ARGV[6])
return kept
