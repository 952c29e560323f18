// Pacing for destinations that publish a rate limit, shared by every worker process through
// Redis: sliding windows per destination and per provider, as each channel kind declares them
// (channels/<kind>/index.ts, e.g. Discord about 5 requests per 2 s per webhook and 50/s overall).
// Sending within the limits avoids 429s (which Discord counts towards a ban); a 429 that still
// comes is honoured anyway.
import type { Redis } from "ioredis";
import type { Limit } from "../../channels/index.ts";

export type { Limit };

// Takes a slot in every window or in none. Returns 0 when the send may go now, else how many
// milliseconds until the fullest window frees a slot. Uses Redis' clock, so processes on
// different machines agree.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local w = tonumber(oldest[2]) + window - now
    if w > wait then wait = w end
  end
end
if wait > 0 then return wait end
local member = ARGV[#ARGV]
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]))
end
return 0
`;

let seq = 0;

export type Pacer = (keys: Limit[]) => Promise<number>;

export function redisPacer(redis: Redis, prefix: string): Pacer {
  return async (keys) => {
    if (keys.length === 0) return 0;
    const args = keys.flatMap((k) => [String(k.window.limit), String(k.window.windowMs)]);
    const member = `${process.pid}-${Date.now()}-${seq++}`;
    const wait = await redis.eval(
      SCRIPT,
      keys.length,
      ...keys.map((k) => `${prefix}:pace:${k.key}`),
      ...args,
      member,
    );
    return Number(wait) > 0 ? Math.max(1, Math.ceil(Number(wait))) : 0;
  };
}
