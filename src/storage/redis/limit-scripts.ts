import type { Redis } from 'ioredis';

// Every value handed to redis.call is an ARGV string or a small literal: Lua formats a
// computed number with %.14g, so 1e14 micro-dollars would reach INCRBY as "1e+14" and be
// refused. Comparisons are doubles, exact for the safe integers the store lets in.

/** KEYS: window counters. ARGV: amount, ttlMs, one limit per key. → {blocked index (0 = admitted), count per key}. */
const ADMIT_WINDOW = `
local amount = tonumber(ARGV[1])
local result = {0}
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  result[i + 1] = count
  if result[1] == 0 and count + amount > tonumber(ARGV[i + 2]) then result[1] = i end
end
if result[1] == 0 then
  for i, key in ipairs(KEYS) do
    result[i + 1] = redis.call('INCRBY', key, ARGV[1])
    redis.call('PEXPIRE', key, ARGV[2])
  end
end
return result`;

/** KEYS: window counters. ARGV: delta. A counter that has expired is left alone: its window is over. */
const ADJUST_WINDOW = `
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then redis.call('INCRBY', key, ARGV[1]) end
end
return 0`;

/**
 * KEYS: slot sets (member leaseId, score leaseUntil). ARGV: leaseId, leaseUntil, now, ttlMs,
 * one limit per key. → 1 when every set had room (or already held the lease), else 0.
 */
const ACQUIRE_SLOTS = `
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. ARGV[3])
  if not redis.call('ZSCORE', key, ARGV[1]) and redis.call('ZCARD', key) >= tonumber(ARGV[i + 4]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, ARGV[2], ARGV[1])
  if redis.call('PTTL', key) < tonumber(ARGV[4]) then redis.call('PEXPIRE', key, ARGV[4]) end
end
return 1`;

/** KEYS: slot sets. ARGV: leaseId. */
const RELEASE_SLOTS = `
for _, key in ipairs(KEYS) do redis.call('ZREM', key, ARGV[1]) end
return 0`;

// The budget scripts take three KEYS per scope: the hash {spent, reserved}, the hash of
// reservations (id → amount) and the sorted set of their leases (id, score leaseUntil).
// `reserved` is always the sum of the reservations hash. Amounts read back from Redis
// stay strings and are negated by prefixing '-', never by Lua arithmetic.

/** Forgets reservation `id`, releasing its amount from `reserved` (never below 0); an unknown id is a no-op. */
const RELEASE = `
local function release(budget, reservations, leases, id)
  local amount = redis.call('HGET', reservations, id)
  if not amount then return end
  redis.call('HDEL', reservations, id)
  redis.call('ZREM', leases, id)
  if redis.call('HINCRBY', budget, 'reserved', '-' .. amount) < 0 then redis.call('HSET', budget, 'reserved', '0') end
end`;

/** Releases the reservations of KEYS[base + 1..3] whose lease ended before `now`. */
const DROP_EXPIRED = `${RELEASE}
local function drop_expired(base, now)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[base + 3], '-inf', '(' .. now)
  for _, id in ipairs(expired) do release(KEYS[base + 1], KEYS[base + 2], KEYS[base + 3], id) end
  redis.call('ZREMRANGEBYSCORE', KEYS[base + 3], '-inf', '(' .. now)
end`;

/**
 * KEYS: per scope budget hash, reservations hash, leases set. ARGV: amount, id, leaseUntil,
 * now, then per scope its limit and ttlMs (0 = no expiry). → {blocked index (0 = reserved), spent per scope}.
 */
const RESERVE_BUDGET = `${DROP_EXPIRED}
local amount = tonumber(ARGV[1])
local scopes = #KEYS / 3
local result = {0}
for i = 1, scopes do
  local base = 3 * (i - 1)
  drop_expired(base, ARGV[4])
  local counter = redis.call('HMGET', KEYS[base + 1], 'spent', 'reserved')
  local spent = tonumber(counter[1] or '0')
  result[i + 1] = spent
  if result[1] == 0 and spent + tonumber(counter[2] or '0') + amount > tonumber(ARGV[3 + 2 * i]) then result[1] = i end
end
if result[1] == 0 then
  for i = 1, scopes do
    local base = 3 * (i - 1)
    local ttl = ARGV[4 + 2 * i]
    redis.call('HINCRBY', KEYS[base + 1], 'reserved', ARGV[1])
    redis.call('HINCRBY', KEYS[base + 2], ARGV[2], ARGV[1])
    redis.call('ZADD', KEYS[base + 3], ARGV[3], ARGV[2])
    if tonumber(ttl) > 0 then
      for k = 1, 3 do redis.call('PEXPIRE', KEYS[base + k], ttl) end
    end
  end
end
return result`;

/**
 * KEYS: per scope budget hash, reservations hash, leases set. ARGV: id, actualMicros.
 * → spent per scope. Releases the id's amount where it is still held; adds the spend everywhere.
 */
const SETTLE_BUDGET = `${RELEASE}
local result = {}
for i = 1, #KEYS / 3 do
  local base = 3 * (i - 1)
  release(KEYS[base + 1], KEYS[base + 2], KEYS[base + 3], ARGV[1])
  result[i] = redis.call('HINCRBY', KEYS[base + 1], 'spent', ARGV[2])
end
return result`;

/** One Lua script: `keys` are prefixed by the client's keyPrefix; the reply is raw. */
export type LimitScript = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/** The scripts of the Redis LimitStore, each sent as EVALSHA (EVAL the first time on a connection). */
export interface LimitScripts {
  admitWindow: LimitScript;
  adjustWindow: LimitScript;
  acquireSlots: LimitScript;
  releaseSlots: LimitScript;
  reserveBudget: LimitScript;
  settleBudget: LimitScript;
}

type ScriptCommand = (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<unknown>;

/** Registers the scripts on `redis` (defineCommand) and returns typed callers. */
export function defineLimitScripts(redis: Redis): LimitScripts {
  const define = (name: string, lua: string): LimitScript => {
    const commandName = `switchyard${name[0]?.toUpperCase()}${name.slice(1)}`;
    // Without numberOfKeys the first argument is the key count, so one script serves any number of scopes.
    redis.defineCommand(commandName, { lua });
    // defineCommand adds the method at runtime; ioredis' types cannot know its name.
    const command = (redis as unknown as Record<string, ScriptCommand>)[commandName];
    if (command === undefined) throw new Error(`ioredis did not define ${commandName}`);
    return (keys, args) => command.call(redis, keys.length, ...keys, ...args);
  };
  return {
    admitWindow: define('admitWindow', ADMIT_WINDOW),
    adjustWindow: define('adjustWindow', ADJUST_WINDOW),
    acquireSlots: define('acquireSlots', ACQUIRE_SLOTS),
    releaseSlots: define('releaseSlots', RELEASE_SLOTS),
    reserveBudget: define('reserveBudget', RESERVE_BUDGET),
    settleBudget: define('settleBudget', SETTLE_BUDGET),
  };
}
