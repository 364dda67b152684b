-- Keeps one upload for its "Why?" links, shared by every instance, and drops the oldest beyond the bounds, in
-- one atomic step. KEYS[1]: the list of ids, newest first; the upload itself is the hash KEYS[1]:<id> (filename,
-- Base64 bytes, size) and KEYS[1]:bytes the sizes' sum. ARGV: most uploads, most bytes, id, filename, Base64
-- bytes, size.
local list, total = KEYS[1], KEYS[1] .. ':bytes'
local most, budget, id, size = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[6])
if not string.match(id, '^%x+$') then
  return redis.error_reply('the id is not hexadecimal')
end
redis.call('HSET', list .. ':' .. id, 'filename', ARGV[4], 'bytes', ARGV[5], 'size', size)
redis.call('LPUSH', list, id)
local bytes = redis.call('INCRBY', total, size)
local count = redis.call('LLEN', list)
while count > 1 and (count > most or bytes > budget) do
  local oldest = redis.call('RPOP', list)
  local freed = tonumber(redis.call('HGET', list .. ':' .. oldest, 'size') or '0')
  redis.call('DEL', list .. ':' .. oldest)
  bytes = redis.call('DECRBY', total, freed)
  count = count - 1
end
return count
