import type { Clock } from '../../core/clock.js';
import type { EventBus, LimitStore } from '../ports.js';
import { openRedis } from './open-redis.js';
import { RedisEventBus } from './redis-event-bus.js';
import { RedisLimitStore } from './redis-limit-store.js';

/** Limits and events shared by every instance through one Redis. */
export interface RedisLimits {
  limits: LimitStore;
  events: EventBus;
  /** Ends all three connections. */
  close(): Promise<void>;
}

/** Options of {@link createRedisLimits}. */
export interface RedisLimitsOptions {
  /** Prepended to every key and channel, so several deployments can share one Redis. Default `switchyard:`. */
  keyPrefix?: string;
  /** Connection errors and what event handlers throw; log them here. */
  onError?: (error: unknown) => void;
  /** Wall clock for budget TTLs only. Default: the system clock. */
  clock?: Pick<Clock, 'now'>;
}

/**
 * Connects to the Redis at `url` (`redis://[user:password@]host:port[/db]`, or `rediss://`
 * for TLS): one connection for the limit scripts, one to publish and one to subscribe.
 */
export function createRedisLimits(url: string, options: RedisLimitsOptions = {}): RedisLimits {
  const keyPrefix = options.keyPrefix ?? 'switchyard:';
  const open = (connectionName: string) => openRedis(url, { keyPrefix, connectionName, onError: options.onError });
  const limits = new RedisLimitStore(open('switchyard-limits'), { clock: options.clock });
  const events = new RedisEventBus(open('switchyard-publish'), open('switchyard-subscribe'), {
    channelPrefix: keyPrefix,
    onHandlerError: options.onError,
  });
  return {
    limits,
    events,
    close: async () => {
      await Promise.all([limits.close(), events.close()]);
    },
  };
}
