import type { Redis } from 'ioredis';
import type { EventBus } from '../ports.js';
import { closeRedis } from './open-redis.js';

/** Options of {@link RedisEventBus}. */
export interface RedisEventBusOptions {
  /** Prepended to every channel (ioredis' keyPrefix does not apply to channels), e.g. `switchyard:`. */
  channelPrefix: string;
  /** Receives what a handler throws, so one failing handler cannot stop the others. */
  onHandlerError?: (error: unknown) => void;
}

interface Subscription {
  handlers: Set<(message: string) => void>;
  /** Resolves once Redis has confirmed SUBSCRIBE; until then a publish may not reach us. */
  confirmed: Promise<unknown>;
}

/**
 * Redis pub/sub across instances. A connection in subscriber mode can run no other
 * command, so publishing has its own connection. Owns both connections: `close()` ends
 * them. ioredis resubscribes after a reconnect; messages published while disconnected are lost
 * (pub/sub has no history), which is why invalidations must also expire on their own.
 */
export class RedisEventBus implements EventBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #channelPrefix: string;
  readonly #onHandlerError: (error: unknown) => void;
  readonly #subscriptions = new Map<string, Subscription>();

  constructor(publisher: Redis, subscriber: Redis, options: RedisEventBusOptions) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#channelPrefix = options.channelPrefix;
    this.#onHandlerError = options.onHandlerError ?? (() => {});
    subscriber.on('message', (channel: string, message: string) => this.#deliver(channel, message));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.#publisher.publish(this.#channelPrefix + channel, message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    const fullChannel = this.#channelPrefix + channel;
    let subscription = this.#subscriptions.get(fullChannel);
    if (subscription === undefined) {
      subscription = { handlers: new Set(), confirmed: this.#subscriber.subscribe(fullChannel) };
      this.#subscriptions.set(fullChannel, subscription);
    }
    subscription.handlers.add(handler);
    try {
      await subscription.confirmed;
    } catch (error) {
      // Forget the failed SUBSCRIBE so the next call tries again.
      if (this.#subscriptions.get(fullChannel) === subscription) this.#subscriptions.delete(fullChannel);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#subscriptions.clear();
    await Promise.all([closeRedis(this.#subscriber), closeRedis(this.#publisher)]);
  }

  #deliver(channel: string, message: string): void {
    for (const handler of [...(this.#subscriptions.get(channel)?.handlers ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        this.#onHandlerError(error);
      }
    }
  }
}
