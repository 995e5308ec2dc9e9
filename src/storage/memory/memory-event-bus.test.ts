import { describe, expect, it } from 'vitest';
import { eventBusContract } from '../contract/limit-store.contract.js';
import { MemoryEventBus } from './memory-event-bus.js';

eventBusContract('memory', async () => {
  const bus = new MemoryEventBus();
  return { first: bus, second: bus, close: () => bus.close() };
});

describe('MemoryEventBus', () => {
  it('reports a throwing handler and still calls the others', async () => {
    const errors: unknown[] = [];
    const seen: string[] = [];
    const bus = new MemoryEventBus({ onHandlerError: (error) => errors.push(error) });
    await bus.subscribe('keys', () => {
      throw new Error('handler broke');
    });
    await bus.subscribe('keys', (message) => seen.push(message));
    await bus.publish('keys', 'revoked:key_1');
    expect(seen).toEqual(['revoked:key_1']);
    expect(errors).toEqual([new Error('handler broke')]);
  });
});
