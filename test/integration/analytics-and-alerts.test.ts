import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer } from './support/capture-server.js';
import type { CaptureServer } from './support/capture-server.js';
import { MASTER_KEY, passthroughConfig } from './support/gateway-config.js';
import { startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let upstream: MockUpstream;
let jsonSink: CaptureServer;
let slackSink: CaptureServer;
let gateway: RunningGateway;

const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBeLessThan(300);
  return (response.headers.get('content-type') ?? '').includes('json') ? ((await response.json()) as T) : ((await response.text()) as T);
};

beforeAll(async () => {
  upstream = await startMockUpstream();
  jsonSink = await startCaptureServer();
  slackSink = await startCaptureServer();
  gateway = await startGateway(
    passthroughConfig(
      upstream.url,
      `  breaking: { retries: 0, circuit_breaker: { failures: 2, window_ms: 60000, cooldown_ms: 60000 }, targets: [{ provider: up, model: fail-503 }] }
alerts:
  webhooks: ["${jsonSink.url}/hook", { url: "${slackSink.url}/slack", format: slack }]
  error_rate: { threshold: 0.5, window_ms: 60000, min_requests: 3 }
  latency: false
`,
    ),
  );
});

afterAll(async () => {
  await gateway?.stop();
  await jsonSink?.close();
  await slackSink?.close();
  await upstream?.close();
});

interface LogRow {
  key_id: string | null;
  team_id: string | null;
  model: string | null;
  status: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
}

describe('usage analytics', () => {
  it('report what the request log holds: usage over time, latency and errors, top spenders, forecast, CSV', async () => {
    await admin('POST', '/admin/teams', { id: 'red', name: 'Red' });
    await admin('POST', '/admin/teams', { id: 'blue', name: 'Blue' });
    const red = await admin<{ id: string; key: string }>('POST', '/admin/keys', { name: 'red key', team_id: 'red' });
    const blue = await admin<{ id: string; key: string }>('POST', '/admin/keys', { name: 'blue key', team_id: 'blue' });
    for (const [key, count] of [[red.key, 3], [blue.key, 1]] as const) {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
      for (let index = 0; index < count; index += 1) await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: `hi ${index}` }] });
      await client.chat.completions.create({ model: 'failing', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    }
    const logs = (await admin<{ data: LogRow[] }>('GET', '/admin/logs?limit=1000')).data;
    const sum = (rows: LogRow[], pick: (row: LogRow) => number | null) => rows.reduce((total, row) => total + (pick(row) ?? 0), 0);

    const usage = await admin<{ data: { team: string | null; requests: number; errors: number; input_tokens: number; output_tokens: number; cost_usd: number }[] }>('GET', '/admin/analytics/usage?bucket=hour&group_by=team');
    for (const team of ['red', 'blue']) {
      const rows = logs.filter((row) => row.team_id === team);
      const buckets = usage.data.filter((entry) => entry.team === team);
      expect(buckets.reduce((total, entry) => total + entry.requests, 0)).toBe(rows.length);
      expect(buckets.reduce((total, entry) => total + entry.errors, 0)).toBe(rows.filter((row) => row.status >= 400).length);
      expect(buckets.reduce((total, entry) => total + entry.input_tokens, 0)).toBe(sum(rows, (row) => row.input_tokens));
      expect(buckets.reduce((total, entry) => total + entry.cost_usd, 0)).toBeCloseTo(sum(rows, (row) => row.cost_usd), 9);
    }

    const latency = await admin<{ data: { model: string | null; requests: number; errors: number; error_rate: number; latency_ms: { p50: number; p99: number } }[] }>('GET', '/admin/analytics/latency?group_by=model');
    const failing = latency.data.find((entry) => entry.model === 'failing')!;
    expect(failing).toMatchObject({ requests: 2, errors: 2, error_rate: 1 });
    const gpt = latency.data.find((entry) => entry.model === 'gpt')!;
    expect(gpt.requests).toBe(logs.filter((row) => row.model === 'gpt').length);
    expect(gpt.latency_ms.p50).toBeGreaterThan(0);
    expect(gpt.latency_ms.p99).toBeGreaterThanOrEqual(gpt.latency_ms.p50);

    const top = await admin<{ data: { key?: string; cost_usd: number }[] }>('GET', '/admin/analytics/top-spenders?by=key&limit=1');
    expect(top.data).toHaveLength(1);
    expect(top.data[0]!.key).toBe(red.id);
    expect(top.data[0]!.cost_usd).toBeCloseTo(sum(logs.filter((row) => row.key_id === red.id), (row) => row.cost_usd), 9);

    const forecast = await admin<{ data: { team?: string | null; spent_usd: number; projected_month_end_usd: number }[] }>('GET', '/admin/analytics/forecast?by=team');
    const redForecast = forecast.data.find((entry) => entry.team === 'red')!;
    expect(redForecast.spent_usd).toBeCloseTo(sum(logs.filter((row) => row.team_id === 'red'), (row) => row.cost_usd), 9);
    expect(redForecast.projected_month_end_usd).toBeGreaterThanOrEqual(redForecast.spent_usd);

    const csv = await admin<string>('GET', '/admin/analytics/chargeback.csv?group_by=team');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('group,requests,input_tokens,output_tokens,cost_usd,cost_unknown_requests');
    const redLine = lines.find((line) => line.startsWith('red,'))!.split(',');
    expect(Number(redLine[1])).toBe(logs.filter((row) => row.team_id === 'red').length);
    expect(Number(redLine[4])).toBeCloseTo(sum(logs.filter((row) => row.team_id === 'red'), (row) => row.cost_usd), 6);
  });
});

describe('alerts', () => {
  it('a failing provider raises one error-rate alert and one circuit-open alert per window, in JSON and Slack form', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0 });
    for (let index = 0; index < 6; index += 1) await client.chat.completions.create({ model: 'breaking', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    const kinds = () => jsonSink.posts.map((post) => (JSON.parse(post.body) as { type: string }).type);
    await expect.poll(() => kinds().includes('error_rate') && kinds().includes('circuit_open'), { timeout: 5000 }).toBe(true);
    // More failures inside the dedup window add nothing.
    for (let index = 0; index < 4; index += 1) await client.chat.completions.create({ model: 'breaking', messages: [{ role: 'user', content: 'x' }] }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(kinds().filter((kind) => kind === 'error_rate')).toHaveLength(1);
    expect(kinds().filter((kind) => kind === 'circuit_open')).toHaveLength(1);
    const errorRate = jsonSink.posts.map((post) => JSON.parse(post.body) as { type: string; subject: string; details: Record<string, unknown> }).find((alert) => alert.type === 'error_rate')!;
    expect(errorRate.subject).toBe('up');
    const circuit = jsonSink.posts.map((post) => JSON.parse(post.body) as { type: string; subject: string }).find((alert) => alert.type === 'circuit_open')!;
    expect(circuit.subject).toBe('up/fail-503');
    expect(slackSink.posts.length).toBe(jsonSink.posts.length);
    const slack = JSON.parse(slackSink.posts[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(slack.text).toMatch(/\S/);
    expect(slack.blocks[0]!.type).toBe('section');
  });
});
