import type { EventBus } from '../ports.js';

/** Options of {@link MemoryEventBus}. */
export interface MemoryEventBusOptions {
  /** Receives what a handler throws, so one failing handler cannot stop the others. */
  onHandlerError?: (error: unknown) => void;
}

/** The event bus of a single instance: publish calls this process's handlers, in order, before it resolves. */
export class MemoryEventBus implements EventBus {
  readonly #handlers = new Map<string, Set<(message: string) => void>>();
  readonly #onHandlerError: (error: unknown) => void;

  constructor(options: MemoryEventBusOptions = {}) {
    this.#onHandlerError = options.onHandlerError ?? (() => {});
  }

  async publish(channel: string, message: string): Promise<void> {
    for (const handler of [...(this.#handlers.get(channel) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        this.#onHandlerError(error);
      }
    }
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    const handlers = this.#handlers.get(channel) ?? new Set();
    handlers.add(handler);
    this.#handlers.set(channel, handlers);
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}
