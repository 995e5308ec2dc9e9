import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/index.js';
import { planRoute } from './plan-route.js';
import type { RoutingRequest } from './routing-request.js';
import { staticInputs } from './strategy-inputs.js';

const snapshot = parseConfigText(
  `
providers:
  eu: { type: mock }
  us: { type: mock }
routes:
  - { name: long, match: { models: [auto], min_prompt_tokens: 200 }, model: large }
  - { name: tools, match: { models: [auto], has_tools: true }, model: large }
  - { name: vip, match: { keys: [k-vip] }, model: canary }
  - { match: { models: [auto] }, model: small }
models:
  small:
    strategy: priority
    targets: [{ provider: us, model: small-us, region: us-east-1 }, { provider: eu, model: small-eu, region: eu-west-1 }]
  large:
    strategy: priority
    targets:
      - { provider: us, model: large-us, region: us-east-1 }
      - { provider: eu, model: large-eu, region: eu-west-1, tags: [batch] }
    fallbacks: [small]
    context_fallbacks: [long-context]
    content_fallbacks: [small]
  long-context: { targets: [{ provider: eu, model: long-eu, region: eu-west-1 }] }
  canary: { targets: [{ provider: us, model: canary-us }] }
  ab:
    split: [{ model: small, percent: 90 }, { model: canary, percent: 10 }]
    sticky: key
`,
  { source: 't', env: {}, version: 1, now: 0 },
);

const ask = (body: Record<string, unknown>, extra: Partial<RoutingRequest> = {}): RoutingRequest => ({ body, tags: [], caller: {}, ...extra });
const chat = (text: string) => ({ messages: [{ role: 'user', content: text }] });
const models = (plan: { steps: { target: { model: string } }[] }) => plan.steps.map((step) => step.target.model);

describe('planRoute with routes, splits, regions and tags', () => {
  it('picks the model with the first matching rule and names the rule', () => {
    const short = planRoute(snapshot, 'auto', staticInputs(() => 0), ask(chat('hi')));
    expect(short).toMatchObject({ requestedModel: 'auto', routedModel: 'small', rule: 'routes[3]' });
    const long = planRoute(snapshot, 'auto', staticInputs(() => 0), ask(chat('x'.repeat(1000)), { tags: [] }));
    expect(long).toMatchObject({ routedModel: 'large', rule: 'long' });
    // Long and with tools: the first rule in order wins.
    const both = planRoute(snapshot, 'auto', staticInputs(() => 0), ask({ ...chat('x'.repeat(1000)), tools: [{ type: 'function' }] }));
    expect(both.rule).toBe('long');
  });

  it('leaves a request no rule matches on its own model', () => {
    const plan = planRoute(snapshot, 'small', staticInputs(() => 0), ask(chat('hi')));
    expect(plan).toMatchObject({ routedModel: 'small', rule: undefined });
  });

  it('keeps one caller on one side of a split', () => {
    const sides = new Set<string>();
    for (let draw = 0; draw < 20; draw += 1) {
      const plan = planRoute(snapshot, 'ab', staticInputs(Math.random), ask(chat('hi'), { caller: { keyId: 'k-1' } }));
      sides.add(plan.splitArm!);
      expect(plan.routedModel).toBe(plan.splitArm);
    }
    expect(sides.size).toBe(1);
  });

  it('sends region-restricted callers only to deployments in their regions, fallbacks included', () => {
    const plan = planRoute(snapshot, 'large', staticInputs(() => 0), ask(chat('hi'), { caller: { allowedRegions: ['eu-west-1'] } }));
    expect(models(plan)).toEqual(['large-eu', 'small-eu']);
    expect(plan.contextSteps!.map((step) => step.target.model)).toEqual(['long-eu']);
    expect(plan.contentSteps!.map((step) => step.target.model)).toEqual(['small-eu']);
  });

  it('refuses with 403 when no deployment is in an allowed region, and for direct addressing', () => {
    const restricted = ask(chat('hi'), { caller: { allowedRegions: ['ap-south-1'] } });
    expect(() => planRoute(snapshot, 'small', staticInputs(() => 0), restricted)).toThrow(expect.objectContaining({ status: 403, wireCode: 'forbidden' }));
    expect(() => planRoute(snapshot, 'canary', staticInputs(() => 0), ask({}, { caller: { allowedRegions: ['us-east-1'] } }))).toThrow(/region/);
    expect(() => planRoute(snapshot, 'us/anything', staticInputs(() => 0), ask({}, { caller: { allowedRegions: ['us-east-1'] } }))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('limits a tagged request to the tagged targets, and ignores tags no target carries', () => {
    expect(models(planRoute(snapshot, 'large', staticInputs(() => 0), ask({}, { tags: ['batch'] })))).toEqual(['large-eu', 'small-us', 'small-eu']);
    expect(models(planRoute(snapshot, 'large', staticInputs(() => 0), ask({}, { tags: ['other'] })))).toEqual(['large-us', 'large-eu', 'small-us', 'small-eu']);
  });

  it('matches rules on the caller', () => {
    const plan = planRoute(snapshot, 'small', staticInputs(() => 0), ask(chat('hi'), { caller: { keyId: 'k-vip' } }));
    expect(plan).toMatchObject({ routedModel: 'canary', rule: 'vip' });
  });
});

describe('planRoute with model access', () => {
  const onlySmall = (model: string) => model === 'small' || model === 'auto';
  it('refuses a model the caller may not use, with 403', () => {
    expect(() => planRoute(snapshot, 'large', staticInputs(() => 0), ask(chat('hi'), { caller: { mayUse: onlySmall } }))).toThrow(
      expect.objectContaining({ status: 403, message: expect.stringContaining('"large"') }),
    );
  });

  it('checks the model a rule chose, and skips fallbacks the caller may not use', () => {
    const mayUse = (model: string) => model !== 'small';
    expect(() => planRoute(snapshot, 'auto', staticInputs(() => 0), ask(chat('hi'), { caller: { mayUse } }))).toThrow(expect.objectContaining({ status: 403 }));
    const plan = planRoute(snapshot, 'large', staticInputs(() => 0), ask(chat('hi'), { caller: { mayUse } }));
    expect(models(plan)).toEqual(['large-us', 'large-eu']);
    expect(plan.contentSteps).toEqual([]);
  });
});
