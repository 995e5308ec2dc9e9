import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { Cancellation } from '../../core/cancellation.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { LocalModel, ProviderAdapter, ProviderRegistry } from '../../providers/index.js';
import { CircuitBreakers, DeploymentStats, planRoute, RetryBudget, staticInputs } from '../../router/index.js';
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

function setup(stream: boolean, breakers = new CircuitBreakers(clock.monotonic)) {
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
  const dispatch = createDispatchStage(registry, {} as Transport, stats, breakers);
  return { stats, context, run: () => dispatch.run(context, () => Promise.reject(new Error('dispatch is last'))) };
}

describe('dispatch feeds the circuit breakers', () => {
  it('counts retryable failures per deployment and closes a probe that answers', async () => {
    const breakers = new CircuitBreakers(clock.monotonic);
    for (let request = 0; request < 5; request += 1) expect((await setup(false, breakers).run()).kind).toBe('chat');
    expect(breakers.report('p/broken', 30_000).state).toBe('open');
    expect(breakers.report('p/good', 30_000)).toEqual({ state: 'closed', failuresInWindow: 0, openUntil: undefined });
    now += 30_000;
    // The plan here is fixed (route would have deferred `broken`): the probe goes, fails, reopens.
    await setup(false, breakers).run();
    expect(breakers.report('p/broken', 30_000)).toMatchObject({ state: 'open', openUntil: now - 20 + 30_000 });
  });

  it('frees the half-open probe when the caller leaves mid-attempt', async () => {
    const breakers = new CircuitBreakers(clock.monotonic);
    for (let request = 0; request < 5; request += 1) await setup(false, breakers).run();
    now += 30_000;
    const { context, run } = setup(false, breakers);
    context.cancellation.cancel();
    await expect(run()).rejects.toThrow('down');
    expect(breakers.report('p/broken', 30_000).state).toBe('half-open');
    expect(breakers.available('p/broken')).toBe(true);
  });
});

describe('dispatch records deployment statistics', () => {
  it('ends failed attempts and samples only the one that answered', async () => {
    const { stats, run } = setup(false);
    await run(); // each deployment's first sample, a cold connection's, is discarded
    const result = await run();
    expect(result.kind).toBe('chat');
    expect(stats.inFlight('p/broken')).toBe(0);
    expect(stats.inFlight('p/good')).toBe(0);
    expect(stats.ttfbMs('p/broken')).toBeUndefined();
    expect(stats.ttfbMs('p/good')).toBe(20);
    expect(stats.requestsInWindow('p/broken')).toBe(2);
    expect(stats.tokensInWindow('p/good')).toBe(20);
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
    context.plan = { requestedModel: 'two', routedModel: 'two', steps: context.plan!.steps.slice(0, 1) };
    context.cancellation.cancel();
    await expect(run()).rejects.toThrow('down');
    expect(stats.inFlight('p/broken')).toBe(0);
  });
});

/** A model `m` over the given targets, each a local deployment answering by script. */
function setupRetries(model: string, script: (deployment: string, call: number) => Promise<ChatResponse>, budget = new RetryBudget(1, 10)) {
  const retrySnapshot = parseConfigText(`providers:\n  p: { type: mock }\nmodels:\n  m: ${model}\n`, { source: 't', env: {}, version: 1, now: 0 });
  const calls: string[] = [];
  const local: LocalModel = {
    chat: (_request, options) => {
      calls.push(options.model);
      return script(options.model, calls.length);
    },
    embed: () => Promise.reject(new Error('unused')),
  };
  const adapter = { type: 'mock', local } as ProviderAdapter;
  const registry: ProviderRegistry = { get: () => adapter, load: () => Promise.resolve(adapter) };
  const context = {
    operation: 'chat',
    cancellation: new Cancellation(),
    snapshot: retrySnapshot,
    clock: { now: () => Date.now(), monotonic: () => performance.now() },
    headers: {},
    surface: { dialect: 'openai-chat', decodeRequest: () => ({ model: 'm', messages: [], sampling: {}, stream: false }) },
    body: {},
    requestedModel: 'm',
    stream: false,
    request: undefined,
    plan: planRoute(retrySnapshot, 'm', staticInputs(() => 0)),
    attempts: [],
    warnings: [],
    outcome: createOutcome(),
  } as unknown as GatewayContext;
  // Jitter at its top: the wait is the full backoff ceiling, so timings are predictable.
  const dispatch = createDispatchStage(registry, {} as Transport, new DeploymentStats(() => 0), new CircuitBreakers(() => 0), { random: () => 0.999_999, budget });
  return { calls, context, run: () => dispatch.run(context, () => Promise.reject(new Error('dispatch is last'))) };
}

const upstreamDown = () => Promise.reject(new GatewayError('GW_UPSTREAM_ERROR', 'down', { upstream: { provider: 'p', status: 500 } }));
const never = () => new Promise<ChatResponse>(() => undefined);
const quick = '{ base_ms: 1, max_ms: 1 }';

describe('dispatch retries', () => {
  it('retries a retryable failure and records both attempts', async () => {
    const { context, run } = setupRetries(`{ backoff: ${quick}, targets: [{ provider: p, model: flaky }] }`, (_model, call) => (call === 1 ? upstreamDown() : Promise.resolve(answer)));
    expect((await run()).kind).toBe('chat');
    expect(context.attempts.map((attempt) => [attempt.model, attempt.status, attempt.errorKind])).toEqual([
      ['flaky', 500, 'upstream'],
      ['flaky', 200, undefined],
    ]);
  });

  it('fails over first, then retries from the start of the plan', async () => {
    const { calls, run } = setupRetries(`{ strategy: priority, backoff: ${quick}, targets: [{ provider: p, model: a }, { provider: p, model: b }] }`, (_model, call) =>
      call <= 2 ? upstreamDown() : Promise.resolve(answer),
    );
    await run();
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('stops after `retries` extra attempts', async () => {
    const { calls, run } = setupRetries(`{ retries: 1, backoff: ${quick}, targets: [{ provider: p, model: down }] }`, upstreamDown);
    await expect(run()).rejects.toThrow('down');
    expect(calls).toHaveLength(2);
  });

  it('never retries a client error', async () => {
    const { calls, run } = setupRetries(`{ backoff: ${quick}, targets: [{ provider: p, model: picky }] }`, () => Promise.reject(new GatewayError('GW_UPSTREAM_BAD_REQUEST', 'bad')));
    await expect(run()).rejects.toMatchObject({ code: 'GW_UPSTREAM_BAD_REQUEST' });
    expect(calls).toHaveLength(1);
  });

  it('does not retry once the budget is spent', async () => {
    const { calls, context, run } = setupRetries(`{ backoff: ${quick}, targets: [{ provider: p, model: down }] }`, upstreamDown, new RetryBudget(0, 10, 0));
    await expect(run()).rejects.toThrow('down');
    expect(calls).toHaveLength(1);
    expect(context.attempts).toHaveLength(1);
  });

  it('waits at least the Retry-After within the cap', async () => {
    const limited = () => Promise.reject(new GatewayError('GW_RATE_LIMITED', 'slow down', { retryAfterMs: 60 }));
    const { calls, run } = setupRetries(`{ backoff: ${quick}, retry_after_cap_ms: 1000, targets: [{ provider: p, model: l }] }`, (_model, call) => (call === 1 ? limited() : Promise.resolve(answer)));
    const startedAt = performance.now();
    await run();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(55);
    expect(calls).toHaveLength(2);
  });

  it('hands a Retry-After beyond the cap to the caller without waiting', async () => {
    const limited = () => Promise.reject(new GatewayError('GW_RATE_LIMITED', 'slow down', { retryAfterMs: 60_000 }));
    const { calls, run } = setupRetries(`{ backoff: ${quick}, targets: [{ provider: p, model: l }] }`, limited);
    await expect(run()).rejects.toMatchObject({ code: 'GW_RATE_LIMITED', retryAfterMs: 60_000 });
    expect(calls).toHaveLength(1);
  });

  it('stops waiting at once when the caller disconnects during the backoff', async () => {
    const { calls, context, run } = setupRetries(`{ backoff: { base_ms: 10000, max_ms: 10000 }, targets: [{ provider: p, model: down }] }`, upstreamDown);
    setTimeout(() => context.cancellation.cancel(), 20);
    const startedAt = performance.now();
    await expect(run()).rejects.toThrow('down');
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(calls).toHaveLength(1);
  });
});

describe('dispatch deadline (timeout_ms)', () => {
  it('cuts an attempt in flight with GW_UPSTREAM_TIMEOUT and starts none after it', async () => {
    const { calls, context, run } = setupRetries(`{ timeout_ms: 100, backoff: ${quick}, targets: [{ provider: p, model: hang }] }`, never);
    const startedAt = performance.now();
    await expect(run()).rejects.toMatchObject({ code: 'GW_UPSTREAM_TIMEOUT' });
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(calls).toEqual(['hang']);
    expect(context.attempts).toMatchObject([{ model: 'hang', errorKind: 'timeout' }]);
  });

  it('does not start a backoff that would end past the deadline', async () => {
    const { calls, run } = setupRetries(`{ timeout_ms: 500, backoff: { base_ms: 5000, max_ms: 5000 }, targets: [{ provider: p, model: down }] }`, upstreamDown);
    const startedAt = performance.now();
    await expect(run()).rejects.toThrow('down');
    expect(performance.now() - startedAt).toBeLessThan(400);
    expect(calls).toHaveLength(1);
  });

  it('lets an answer within the deadline through', async () => {
    const { run } = setupRetries(`{ timeout_ms: 1000, targets: [{ provider: p, model: fine }] }`, () => Promise.resolve(answer));
    expect((await run()).kind).toBe('chat');
  });
});
