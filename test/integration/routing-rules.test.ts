import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { readLogRow } from './support/read-log-row.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';

let upstream: MockUpstream;
// Two processes: a rule without `match` takes every request, which the split, region and
// tag tests must not go through.
let ruled: RunningGateway;
let unruled: RunningGateway;

const PROVIDERS = (url: string) => `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers:
  up: { type: openai-compatible, base_url: "${url}/v1", api_key: "sk-upstream-key" }`;

beforeAll(async () => {
  upstream = await startMockUpstream();
  [ruled, unruled] = await Promise.all([
    startGateway(`${PROVIDERS(upstream.url)}
routes:
  - name: long-analysis
    match: { models: [auto], min_prompt_tokens: 500 }
    model: large
  - name: code-words
    match: { models: [auto], keywords: [stack trace, Refactor] }
    model: coder
  - name: code-pattern
    match: { models: [auto], pattern: "\\\\bdef \\\\w+\\\\(" }
    model: coder
  - name: agents
    match: { models: [auto], has_tools: true }
    model: tooly
  - name: vision
    match: { models: [auto], has_images: true }
    model: seer
  - name: nightly
    match: { models: [auto], tags: [nightly] }
    model: cheap
  - name: gold-tier
    match: { models: [auto], metadata: { tier: gold, region: eu } }
    model: premium
  - name: other-key
    match: { models: [by-key], keys: [some-other-key] }
    model: large
  - name: master-key
    match: { models: [by-key], keys: [master] }
    model: keyed
  - name: experiment
    match: { models: [auto], tags: [experiment] }
    model: exp
  - name: direct
    match: { models: [auto], keywords: [direct line] }
    model: up/steady-direct
  - model: small
models:
  exp:
    split: [{ model: exp-a, percent: 50 }, { model: exp-b, percent: 50 }]
  exp-a: { targets: [{ provider: up, model: steady-exp-a }] }
  exp-b: { targets: [{ provider: up, model: steady-exp-b }] }
  large: { targets: [{ provider: up, model: steady-large }] }
  coder: { targets: [{ provider: up, model: steady-coder }] }
  tooly: { targets: [{ provider: up, model: steady-tooly }] }
  seer: { targets: [{ provider: up, model: steady-seer }] }
  cheap: { targets: [{ provider: up, model: steady-cheap }] }
  premium: { targets: [{ provider: up, model: steady-premium }] }
  keyed: { targets: [{ provider: up, model: steady-keyed }] }
  small: { targets: [{ provider: up, model: steady-small }] }
`),
    startGateway(`${PROVIDERS(upstream.url)}
models:
  chat:
    split: [{ model: chat-stable, percent: 90 }, { model: chat-canary, percent: 10 }]
    sticky: user
  chat-stable: { targets: [{ provider: up, model: steady-stable }] }
  chat-canary: { targets: [{ provider: up, model: steady-canary }] }
  resident:
    strategy: priority
    targets:
      - { provider: up, model: steady-us, region: us-east-1 }
      - { provider: up, model: steady-eu, region: eu-west-1 }
      - { provider: up, model: steady-nowhere }
  resident-failing:
    strategy: priority
    retries: 0
    circuit_breaker: false
    targets:
      - { provider: up, model: steady-us-primary, region: us-east-1 }
      - { provider: up, model: fail-503, region: eu-west-1 }
    fallbacks: [resident-backup]
  resident-backup:
    strategy: priority
    targets:
      - { provider: up, model: steady-us-backup, region: us-east-1 }
      - { provider: up, model: steady-eu-backup, region: eu-west-1 }
  us-only:
    retries: 0
    circuit_breaker: false
    targets: [{ provider: up, model: steady-us-only, region: us-east-1 }]
    fallbacks: [eu-retrying]
  eu-retrying:
    retries: 2
    backoff: { base_ms: 1, max_ms: 2 }
    circuit_breaker: false
    targets: [{ provider: up, model: fail-502, region: eu-west-1 }]
  tagged:
    strategy: priority
    targets:
      - { provider: up, model: steady-general }
      - { provider: up, model: steady-batch, tags: [batch] }
`),
  ]);
});

afterAll(async () => {
  await Promise.all([ruled?.stop(), unruled?.stop()]);
  await upstream?.close();
});

interface LogRow {
  model: string | null;
  routed_model: string | null;
  route_rule: string | null;
  split_arm: string | null;
  deployment_model: string | null;
  attempts_detail: { model: string; status: number | null; error_kind: string | null }[];
}

const logRow = (gateway: RunningGateway, response: Response) => readLogRow<LogRow>(gateway.url, response.headers.get('x-switchyard-request-id'));

function chat(gateway: RunningGateway, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
}

/** Asks, expects an answer, and returns the deployment that gave it. */
async function landing(gateway: RunningGateway, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ deployment: string | null; response: Response }> {
  const response = await chat(gateway, body, headers);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return { deployment: response.headers.get('x-switchyard-model'), response };
}

const say = (content: unknown) => ({ model: 'auto', messages: [{ role: 'user', content }] });
const TOOL = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } };
const IMAGE = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };

describe('routes: the first matching rule names the model', () => {
  it.each([
    ['long-analysis', 'steady-large', say(`summarize ${'lorem ipsum '.repeat(200)}`)],
    ['code-words', 'steady-coder', say('please REFACTOR this module')],
    ['code-words', 'steady-coder', say('what does this stack trace mean?')],
    ['code-pattern', 'steady-coder', say('why does def parse(text) loop forever?')],
    ['agents', 'steady-tooly', { ...say('what is the weather'), tools: [TOOL] }],
    ['vision', 'steady-seer', say([{ type: 'text', text: 'what is this?' }, IMAGE])],
    ['gold-tier', 'steady-premium', { ...say('hello'), metadata: { tier: 'gold', region: 'eu' } }],
    ['routes[11]', 'steady-small', say('hello')],
  ])('%s sends it to %s', async (rule, deployment, body) => {
    const answer = await landing(ruled, body);
    expect(answer.deployment).toBe(deployment);
    const row = await logRow(ruled, answer.response);
    expect(row).toMatchObject({ model: 'auto', route_rule: rule, deployment_model: deployment, split_arm: null });
    expect(row.routed_model).toBe(deployment.replace('steady-', ''));
  });

  it('matches tags from x-switchyard-tags', async () => {
    const answer = await landing(ruled, say('hello'), { 'x-switchyard-tags': 'team-a, nightly' });
    expect(answer.deployment).toBe('steady-cheap');
    expect(await logRow(ruled, answer.response)).toMatchObject({ route_rule: 'nightly', routed_model: 'cheap' });
  });

  it('needs every condition of a rule: metadata with one field off, an empty tool list and no image fall through', async () => {
    expect((await landing(ruled, { ...say('hello'), metadata: { tier: 'gold', region: 'us' } })).deployment).toBe('steady-small');
    expect((await landing(ruled, { ...say('hello'), tools: [] })).deployment).toBe('steady-small');
    expect((await landing(ruled, say([{ type: 'text', text: 'def parse(' }]))).deployment).toBe('steady-coder');
    expect((await landing(ruled, say([{ type: 'text', text: 'no picture here' }]))).deployment).toBe('steady-small');
  });

  it('reads only the last user message for keywords and patterns', async () => {
    const body = { model: 'auto', messages: [{ role: 'user', content: 'refactor this' }, { role: 'assistant', content: 'done' }, { role: 'user', content: 'thanks' }] };
    expect((await landing(ruled, body)).deployment).toBe('steady-small');
  });

  it('takes the first of two matching rules', async () => {
    // Long and about code: long-analysis comes first.
    const answer = await landing(ruled, { ...say(`refactor ${'x'.repeat(2400)}`), tools: [TOOL] });
    expect(answer.deployment).toBe('steady-large');
    expect(await logRow(ruled, answer.response)).toMatchObject({ route_rule: 'long-analysis', routed_model: 'large' });
    // Code and tools: code-words comes before agents.
    expect((await landing(ruled, { ...say('refactor please'), tools: [TOOL] })).deployment).toBe('steady-coder');
  });

  it("matches the caller's key id: the master key is `master`", async () => {
    const answer = await landing(ruled, { model: 'by-key' });
    expect(answer.deployment).toBe('steady-keyed');
    expect(await logRow(ruled, answer.response)).toMatchObject({ model: 'by-key', route_rule: 'master-key', routed_model: 'keyed' });
  });

  it('sends any model name to a rule without match, even a configured one', async () => {
    expect((await landing(ruled, { model: 'not-configured-anywhere' })).deployment).toBe('steady-small');
    const answer = await landing(ruled, { model: 'large' });
    expect(answer.deployment).toBe('steady-small');
    expect(await logRow(ruled, answer.response)).toMatchObject({ model: 'large', route_rule: 'routes[11]', routed_model: 'small' });
  });

  it('counts the estimate (body JSON length / 4, rounded up) inclusively against min_prompt_tokens', async () => {
    const overhead = JSON.stringify(say('')).length;
    expect((await landing(ruled, say('a'.repeat(2000 - overhead)))).deployment).toBe('steady-large');
    expect((await landing(ruled, say('a'.repeat(1996 - overhead)))).deployment).toBe('steady-small');
  });

  it('may send a request to a split model, whose side is logged with the rule', async () => {
    const sides = new Set<string | null>();
    for (let request = 0; request < 5; request += 1) {
      const answer = await landing(ruled, say('hello'), { 'x-switchyard-tags': 'experiment' });
      sides.add(answer.deployment);
      const row = await logRow(ruled, answer.response);
      expect(row).toMatchObject({ model: 'auto', route_rule: 'experiment' });
      expect(row.split_arm).toBe(answer.deployment?.replace('steady-', ''));
      expect(row.routed_model).toBe(row.split_arm);
    }
    // Sticky by key: one key, one side.
    expect(sides.size).toBe(1);
  });

  it('may send a request straight to a provider\'s model', async () => {
    const answer = await landing(ruled, say('Send this down the DIRECT LINE'));
    expect(answer.deployment).toBe('steady-direct');
    expect(await logRow(ruled, answer.response)).toMatchObject({ route_rule: 'direct', routed_model: 'up/steady-direct' });
  });

  it('routes Anthropic Messages requests by the same rules', async () => {
    const response = await fetch(`${ruled.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': MASTER_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'auto',
        max_tokens: 16,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Can you refactor this?' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
          // A turn of tool results only is not the person's question: the rule still matches.
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'nothing found' }] },
        ],
      }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'Hello from upstream' }] });
    expect(response.headers.get('x-switchyard-model')).toBe('steady-coder');
    expect(await logRow(ruled, response)).toMatchObject({ route_rule: 'code-words', routed_model: 'coder' });
  });
});

describe('split: a sticky share of the traffic per user', () => {
  async function side(user: string): Promise<string | null> {
    return (await landing(unruled, { model: 'chat', user })).deployment;
  }

  it('sends ~90% of distinct users to one side and ~10% to the other', async () => {
    const users = Array.from({ length: 200 }, (_, index) => `user-${index}`);
    const sides: (string | null)[] = [];
    for (let batch = 0; batch < users.length; batch += 25) sides.push(...(await Promise.all(users.slice(batch, batch + 25).map(side))));
    const canary = sides.filter((deployment) => deployment === 'steady-canary').length;
    expect(sides.filter((deployment) => deployment === 'steady-stable').length + canary).toBe(200);
    expect(canary).toBeGreaterThanOrEqual(4);
    expect(canary).toBeLessThanOrEqual(36);
  });

  it('keeps each user on one side, request after request', async () => {
    for (const user of ['ada', 'brian', 'chloe', 'dmitri', 'user-with-a-much-longer-id-0042']) {
      const sides = new Set<string | null>();
      for (let request = 0; request < 20; request += 1) sides.add(await side(user));
      expect(sides.size).toBe(1);
    }
  });

  it("logs the side taken as split_arm, and Anthropic's metadata.user_id sticks like OpenAI's user", async () => {
    const seen = new Map<string, string>();
    for (let index = 0; seen.size < 2 && index < 200; index += 1) {
      const deployment = await side(`user-${index}`);
      if (deployment !== null && !seen.has(deployment)) seen.set(deployment, `user-${index}`);
    }
    expect([...seen.keys()].sort()).toEqual(['steady-canary', 'steady-stable']);
    for (const [deployment, user] of seen) {
      const answer = await landing(unruled, { model: 'chat', user });
      const arm = deployment.replace('steady-', 'chat-');
      expect(await logRow(unruled, answer.response)).toMatchObject({ model: 'chat', split_arm: arm, routed_model: arm, route_rule: null });
      const anthropic = await fetch(`${unruled.url}/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': MASTER_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'chat', max_tokens: 16, metadata: { user_id: user }, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(anthropic.status).toBe(200);
      await anthropic.arrayBuffer();
      expect(anthropic.headers.get('x-switchyard-model')).toBe(deployment);
    }
  });
});

describe('regions: x-switchyard-regions keeps a request in its regions', () => {
  const received = (before: number) => upstream.received.slice(before).map((request) => request.body.model);

  it('uses only the deployments in the listed regions', async () => {
    expect((await landing(unruled, { model: 'resident' })).deployment).toBe('steady-us');
    expect((await landing(unruled, { model: 'resident' }, { 'x-switchyard-regions': 'eu-west-1' })).deployment).toBe('steady-eu');
    expect((await landing(unruled, { model: 'resident' }, { 'x-switchyard-regions': 'ap-south-1, eu-west-1' })).deployment).toBe('steady-eu');
  });

  it('refuses with 403 forbidden when no deployment is in the regions, sending nothing upstream', async () => {
    const before = upstream.received.length;
    const response = await chat(unruled, { model: 'resident' }, { 'x-switchyard-regions': 'mars-north-1' });
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { message: string; type: string; code: string; param: string | null } };
    expect(body.error).toMatchObject({ code: 'forbidden', param: 'model' });
    expect(body.error.message).toContain('mars-north-1');
    expect(received(before)).toEqual([]);
  });

  it('refuses a region-restricted request that addresses a provider directly (no region is known)', async () => {
    const before = upstream.received.length;
    const response = await chat(unruled, { model: 'up/steady-direct' }, { 'x-switchyard-regions': 'us-east-1' });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(received(before)).toEqual([]);
  });

  it('keeps the restriction in the fallbacks: the eu deployment of the fallback answers, no us deployment is asked', async () => {
    const before = upstream.received.length;
    const answer = await landing(unruled, { model: 'resident-failing' }, { 'x-switchyard-regions': 'eu-west-1' });
    expect(answer.deployment).toBe('steady-eu-backup');
    expect(received(before)).toEqual(['fail-503', 'steady-eu-backup']);
    const row = await logRow(unruled, answer.response);
    expect(row.attempts_detail).toMatchObject([
      { model: 'fail-503', status: 503, error_kind: 'upstream' },
      { model: 'steady-eu-backup', status: 200 },
    ]);
  });

  it("applies the requested model's retries when its own targets are all out of region", async () => {
    // us-only has retries: 0; only its fallback's eu deployment qualifies (and fails).
    const before = upstream.received.length;
    const response = await chat(unruled, { model: 'us-only' }, { 'x-switchyard-regions': 'eu-west-1' });
    expect(response.status).toBe(502);
    await response.arrayBuffer();
    expect(received(before)).toEqual(['fail-502']);
  });
});

describe('routes: config checks at load', () => {
  it.each(['constructor', 'toString'])('refuses a rule naming %s, which is no configured model', async (name) => {
    const outcome = await startGateway(`${PROVIDERS(upstream.url)}
routes: [{ model: ${name} }]
models:
  a: { targets: [{ provider: up, model: steady-a }] }
`).then(
      async (gateway) => {
        await gateway.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(outcome).toContain(`routes[0].model: unknown model "${name}"`);
  });
});

describe('tags: x-switchyard-tags picks the tagged deployments', () => {
  it('sends a batch-tagged request only to the batch deployment, and untagged traffic anywhere', async () => {
    for (let request = 0; request < 5; request += 1) {
      expect((await landing(unruled, { model: 'tagged' }, { 'x-switchyard-tags': 'batch' })).deployment).toBe('steady-batch');
    }
    expect((await landing(unruled, { model: 'tagged' })).deployment).toBe('steady-general');
    // A tag no target carries changes nothing.
    expect((await landing(unruled, { model: 'tagged' }, { 'x-switchyard-tags': 'interactive' })).deployment).toBe('steady-general');
  });
});
