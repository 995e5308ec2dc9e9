import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { Cancellation } from '../../core/cancellation.js';
import type { ChatResponse } from '../../core/chat-response.js';
import { GatewayError } from '../../core/errors.js';
import type { LocalModel, ProviderAdapter, ProviderRegistry } from '../../providers/index.js';
import { CircuitBreakers, DeploymentStats, planRoute, staticInputs } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import { createOutcome } from '../gateway-context.js';
import type { GatewayContext } from '../gateway-context.js';
import { createDispatchStage } from './dispatch-stage.js';

const snapshot = parseConfigText(
  `
providers:
  p: { type: mock }
models:
  long: { targets: [{ provider: p, model: ctx }], context_fallbacks: [roomy], content_fallbacks: [lenient] }
  filtered: { targets: [{ provider: p, model: filter }], content_fallbacks: [lenient] }
  refused: { targets: [{ provider: p, model: refuse }], content_fallbacks: [also-refuses] }
  plain-long: { strategy: priority, targets: [{ provider: p, model: ctx }, { provider: p, model: good }] }
  roomy: { targets: [{ provider: p, model: good }] }
  lenient: { targets: [{ provider: p, model: good }] }
  also-refuses: { targets: [{ provider: p, model: refuse }] }
  hedged: { strategy: priority, hedge: { delay_ms: 30 }, targets: [{ provider: p, model: slow }, { provider: p, model: good }] }
  hedged-fast: { strategy: priority, hedge: { delay_ms: 200 }, targets: [{ provider: p, model: good }, { provider: p, model: slow }] }
  hedged-failing: { strategy: priority, retries: 0, hedge: { delay_ms: 30 }, targets: [{ provider: p, model: slow-fail }, { provider: p, model: broken }] }
`,
  { source: 't', env: {}, version: 1, now: 0 },
);

const clock = { now: () => Date.now(), monotonic: () => performance.now() };

function answer(model: string, finish: 'stop' | 'content-filter' = 'stop'): ChatResponse {
  return { id: 'r', model, createdAt: 1, choices: [{ index: 0, content: [{ type: 'text', text: model }], finishReason: { unified: finish } }], usage: { inputTokens: 10, outputTokens: 2 } };
}

function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => {
    throw new GatewayError('GW_UPSTREAM_ERROR', 'aborted');
  });
}

function harness(modelName: string) {
  const calls: string[] = [];
  const aborted: string[] = [];
  const local: LocalModel = {
    async chat(_request, options) {
      calls.push(options.model);
      options.signal?.addEventListener('abort', () => aborted.push(options.model));
      switch (options.model) {
        case 'ctx':
          throw new GatewayError('GW_CONTEXT_TOO_LONG', 'prompt too long');
        case 'filter':
          throw new GatewayError('GW_CONTENT_FILTERED', 'filtered');
        case 'broken':
          throw new GatewayError('GW_UPSTREAM_ERROR', 'down');
        case 'refuse':
          return answer('refuse', 'content-filter');
        case 'slow':
          await waitOrAbort(400, options.signal!);
          return answer('slow');
        case 'slow-fail':
          await waitOrAbort(60, options.signal!);
          throw new GatewayError('GW_UPSTREAM_ERROR', 'slow and down');
        default:
          return answer(options.model);
      }
    },
    embed: () => Promise.reject(new Error('unused')),
  };
  const adapter = { type: 'mock', local } as ProviderAdapter;
  const registry: ProviderRegistry = { get: () => adapter, load: () => Promise.resolve(adapter) };
  const context = {
    operation: 'chat',
    cancellation: new Cancellation(),
    snapshot,
    clock,
    headers: {},
    surface: { dialect: 'openai-chat', decodeRequest: () => ({ model: modelName, messages: [], sampling: {}, stream: false }) },
    body: {},
    requestedModel: modelName,
    stream: false,
    request: undefined,
    plan: planRoute(snapshot, modelName, staticInputs(() => 0)),
    attempts: [],
    warnings: [],
    outcome: createOutcome(),
  } as unknown as GatewayContext;
  const dispatch = createDispatchStage(registry, {} as Transport, new DeploymentStats(clock.monotonic), new CircuitBreakers(clock.monotonic));
  const run = async () => {
    const result = await dispatch.run(context, () => Promise.reject(new Error('dispatch is last')));
    return result.kind === 'chat' ? result.response : undefined;
  };
  return { calls, aborted, context, run };
}

describe('dispatch: conditional fallbacks', () => {
  it('moves to context_fallbacks when a deployment says the prompt is too long', async () => {
    const { calls, context, run } = harness('long');
    expect((await run())?.model).toBe('good');
    expect(calls).toEqual(['ctx', 'good']);
    expect(context.attempts.map((attempt) => attempt.errorKind)).toEqual(['context_too_long', undefined]);
  });

  it('never retries a context-too-long error on the same model without context_fallbacks', async () => {
    const { calls, run } = harness('plain-long');
    await expect(run()).rejects.toMatchObject({ kind: 'context_too_long' });
    expect(calls).toEqual(['ctx']);
  });

  it('moves to content_fallbacks on a content-filter error', async () => {
    const { calls, run } = harness('filtered');
    expect((await run())?.model).toBe('good');
    expect(calls).toEqual(['filter', 'good']);
  });

  it('answers with the first refusal when the content fallbacks refuse too, and bills both', async () => {
    const { calls, context, run } = harness('refused');
    const response = await run();
    expect(response?.choices[0]?.finishReason.unified).toBe('content-filter');
    expect(calls).toEqual(['refuse', 'refuse']);
    expect(context.attempts.map((attempt) => attempt.errorKind)).toEqual(['content_filtered', 'content_filtered']);
    expect(context.outcome.superseded).toHaveLength(1);
  });
});

describe('dispatch: hedging', () => {
  it('starts the next deployment after the delay, takes the first answer and cancels the other', async () => {
    const { calls, aborted, context, run } = harness('hedged');
    const started = performance.now();
    expect((await run())?.model).toBe('good');
    expect(performance.now() - started).toBeLessThan(300);
    expect(calls).toEqual(['slow', 'good']);
    await sleep(10);
    expect(aborted).toContain('slow');
    expect(context.attempts.map((attempt) => [attempt.model, attempt.errorKind])).toEqual([
      ['good', undefined],
      ['slow', 'hedge_cancelled'],
    ]);
    expect(context.outcome).toMatchObject({ deploymentModel: 'good', usage: { inputTokens: 10, outputTokens: 2 } });
    expect(context.outcome.superseded).toHaveLength(1);
  });

  it('does not hedge a deployment that answers within the delay', async () => {
    const { calls, run } = harness('hedged-fast');
    expect((await run())?.model).toBe('good');
    await sleep(250);
    expect(calls).toEqual(['good']);
  });

  it('fails with the last error when both hedged attempts fail', async () => {
    const { calls, context, run } = harness('hedged-failing');
    await expect(run()).rejects.toMatchObject({ kind: 'upstream' });
    expect(calls).toEqual(['slow-fail', 'broken']);
    expect(context.attempts).toHaveLength(2);
  });
});
