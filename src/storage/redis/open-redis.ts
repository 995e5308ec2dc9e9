import { Redis } from 'ioredis';

/** Options of {@link openRedis}. */
export interface OpenRedisOptions {
  /** Prepended to every key (not to pub/sub channels), e.g. `switchyard:`. */
  keyPrefix: string;
  /** Shown by `CLIENT LIST`, so an operator can tell the gateway's connections apart. */
  connectionName: string;
  /** Connection errors (refused, reset, reconnecting); commands also reject on their own. */
  onError?: (error: Error) => void;
}

/**
 * One ioredis connection to a `redis://` or `rediss://` URL (user, password and database
 * number in the URL). It connects at once and reconnects with backoff forever.
 */
export function openRedis(url: string, options: OpenRedisOptions): Redis {
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new RangeError(`Redis URL must start with redis:// or rediss://, got ${JSON.stringify(url)}`);
  const redis = new Redis(url, {
    keyPrefix: options.keyPrefix,
    connectionName: options.connectionName,
    lazyConnect: false,
    // Commands issued while the first connection is being made wait for it, so startup does not race the socket.
    enableOfflineQueue: true,
    // While Redis is down a limit check fails within a couple of reconnect attempts instead
    // of hanging the request; the caller decides what a failed check means.
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    // A script that never answers must not hold a request forever. Note: a timed-out call
    // may still have run, which at worst holds a reservation until its period ends.
    commandTimeout: 5_000,
  });
  // Without a listener ioredis prints every reconnect error to the console.
  redis.on('error', (error: Error) => options.onError?.(error));
  return redis;
}

/** Ends the connection: waits for replies in flight when connected, drops it otherwise. Idempotent. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
