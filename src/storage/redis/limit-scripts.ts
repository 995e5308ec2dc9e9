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

/**
 * KEYS: budget hashes {spent, reserved}. ARGV: amount, then per key its limit and ttlMs
 * (0 = no expiry). → {blocked index (0 = reserved), spent per key}.
 */
const RESERVE_BUDGET = `
local amount = tonumber(ARGV[1])
local result = {0}
for i, key in ipairs(KEYS) do
  local counter = redis.call('HMGET', key, 'spent', 'reserved')
  local spent = tonumber(counter[1] or '0')
  result[i + 1] = spent
  if result[1] == 0 and spent + tonumber(counter[2] or '0') + amount > tonumber(ARGV[2 * i]) then result[1] = i end
end
if result[1] == 0 then
  for i, key in ipairs(KEYS) do
    redis.call('HINCRBY', key, 'reserved', ARGV[1])
    if tonumber(ARGV[2 * i + 1]) > 0 then redis.call('PEXPIRE', key, ARGV[2 * i + 1]) end
  end
end
return result`;

/** KEYS: budget hashes. ARGV: -reservedMicros, actualMicros. → spent per key. Reserved never goes below 0. */
const SETTLE_BUDGET = `
local result = {}
for i, key in ipairs(KEYS) do
  if redis.call('HINCRBY', key, 'reserved', ARGV[1]) < 0 then redis.call('HSET', key, 'reserved', '0') end
  result[i] = redis.call('HINCRBY', key, 'spent', ARGV[2])
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
