import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { Cancellation } from '../../core/cancellation.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { LocalModel, ProviderAdapter, ProviderRegistry } from '../../providers/index.js';
import { DeploymentStats, planRoute, staticInputs } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import { createOutcome } from '../gateway-context.js';
import type { GatewayContext } from '../gateway-context.js';
import { createDispatchStage } from './dispatch-stage.js';

const snapshot = parseConfigText(
  `
providers:
  p: { type: mock }
models:
  two: { strategy: priority, targets: [{ provider: p, model: broken }, { provider: p, model: good }] }
`,
  { source: 't', env: {}, version: 1, now: 0 },
);

let now = 0;
const clock = { now: () => now, monotonic: () => now };

const answer: ChatResponse = { id: 'r', model: 'good', content: [{ type: 'text', text: 'hi' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: 7, outputTokens: 3 } } as unknown as ChatResponse;

async function* words(): AsyncIterable<ChatStreamEvent> {
  yield { type: 'text-delta', index: 0, delta: 'a' };
  yield { type: 'usage', usage: { inputTokens: 4, outputTokens: 2 } };
  yield { type: 'text-delta', index: 0, delta: 'b' };
}

function setup(stream: boolean) {
  const local: LocalModel = {
    chat: async (_request, options) => {
      now += options.model === 'broken' ? 5 : 20;
      if (options.model === 'broken') throw new GatewayError('GW_UPSTREAM_ERROR', 'down');
      return stream ? words() : answer;
    },
    embed: () => Promise.reject(new Error('unused')),
  };
  const adapter = { type: 'mock', local } as ProviderAdapter;
  const registry: ProviderRegistry = { get: () => adapter, load: () => Promise.resolve(adapter) };
  const stats = new DeploymentStats(clock.monotonic);
  const context = {
    operation: 'chat',
    cancellation: new Cancellation(),
    snapshot,
    clock,
    headers: {},
    surface: { dialect: 'openai-chat', decodeRequest: () => ({ model: 'two', messages: [], sampling: {}, stream }) },
    body: {},
    requestedModel: 'two',
    stream,
    request: undefined,
    plan: planRoute(snapshot, 'two', staticInputs(() => 0)),
    attempts: [],
    warnings: [],
    outcome: createOutcome(),
  } as unknown as GatewayContext;
  const dispatch = createDispatchStage(registry, {} as Transport, stats);
  return { stats, context, run: () => dispatch.run(context, () => Promise.reject(new Error('dispatch is last'))) };
}

describe('dispatch records deployment statistics', () => {
  it('ends failed attempts and samples only the one that answered', async () => {
    const { stats, run } = setup(false);
    const result = await run();
    expect(result.kind).toBe('chat');
    expect(stats.inFlight('p/broken')).toBe(0);
    expect(stats.inFlight('p/good')).toBe(0);
    expect(stats.ttfbMs('p/broken')).toBeUndefined();
    expect(stats.ttfbMs('p/good')).toBe(20);
    expect(stats.requestsInWindow('p/broken')).toBe(1);
    expect(stats.tokensInWindow('p/good')).toBe(10);
  });

  it('keeps a stream in flight until it ends, then counts its tokens', async () => {
    const { stats, run } = setup(true);
    const result = await run();
    if (result.kind !== 'chat-stream') throw new Error('expected a stream');
    expect(stats.inFlight('p/good')).toBe(1);
    const seen: string[] = [];
    for await (const event of result.events) seen.push(event.type);
    expect(seen).toEqual(['text-delta', 'usage', 'text-delta']);
    expect(stats.inFlight('p/good')).toBe(0);
    expect(stats.tokensInWindow('p/good')).toBe(6);
  });

  it('ends a stream the caller stops reading early', async () => {
    const { stats, run } = setup(true);
    const result = await run();
    if (result.kind !== 'chat-stream') throw new Error('expected a stream');
    for await (const event of result.events) if (event.type === 'text-delta') break;
    expect(stats.inFlight('p/good')).toBe(0);
  });

  it('ends a stream nobody read when the caller disconnects', async () => {
    const { stats, context, run } = setup(true);
    await run();
    expect(stats.inFlight('p/good')).toBe(1);
    context.cancellation.cancel();
    expect(stats.inFlight('p/good')).toBe(0);
  });

  it('ends the attempt when the caller disconnects mid-attempt', async () => {
    const { stats, context, run } = setup(false);
    context.plan = { requestedModel: 'two', steps: context.plan!.steps.slice(0, 1) };
    context.cancellation.cancel();
    await expect(run()).rejects.toThrow('down');
    expect(stats.inFlight('p/broken')).toBe(0);
  });
});
