import { describe, expect, it } from 'vitest';
import { composeStages } from './compose-stages.js';
import type { GatewayContext, GatewayResult, Stage } from './gateway-context.js';

const result: GatewayResult = { kind: 'raw', status: 200, contentType: 'application/json', body: Buffer.from('{}') };
const context = {} as GatewayContext;

describe('composeStages', () => {
  it('runs stages as an onion, outermost first', async () => {
    const order: string[] = [];
    const around = (name: string): Stage => ({
      name,
      async run(_context, next) {
        order.push(`${name} in`);
        const answer = await next();
        order.push(`${name} out`);
        return answer;
      },
    });
    const last: Stage = { name: 'last', run: async () => (order.push('last'), result) };
    expect(await composeStages([around('a'), around('b'), last])(context)).toBe(result);
    expect(order).toEqual(['a in', 'b in', 'last', 'b out', 'a out']);
  });

  it('refuses a second call to next, which would send a request twice', async () => {
    const twice: Stage = { name: 'twice', run: async (_context, next) => (await next(), next()) };
    const last: Stage = { name: 'last', run: async () => result };
    await expect(composeStages([twice, last])(context)).rejects.toThrow('stage "twice" called next() twice');
  });

  it('fails clearly when no stage produces a result', async () => {
    const passOn: Stage = { name: 'pass', run: (_context, next) => next() };
    await expect(composeStages([passOn])(context)).rejects.toThrow('the last stage must produce a result');
  });
});
