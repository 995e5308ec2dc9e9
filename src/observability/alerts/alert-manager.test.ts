import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { publishBudgetAlert, publishCircuitChange, publishRequestEnd } from '../../core/events.js';
import type { AttemptRecord, RequestRecord } from '../../core/request-record.js';
import type { AlertRules } from './alert-rules.js';
import { AlertManager } from './alert-manager.js';
import type { AlertManagerOptions } from './alert-manager.js';

const DAY_MS = 86_400_000;

interface Sink {
  url: string;
  /** Bodies received per path. */
  bodies(path: string): Record<string, unknown>[];
  /** Statuses to answer on a path, in order; 200 once they run out. */
  answer(path: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const received = new Map<string, Record<string, unknown>[]>();
  const answers = new Map<string, number[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      const status = answers.get(path)?.shift() ?? 200;
      if (status === 200) received.set(path, [...(received.get(path) ?? []), JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>]);
      response.writeHead(status).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies: (path) => received.get(path) ?? [],
    answer: (path, ...statuses) => answers.set(path, statuses),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function post(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}

function requestEnd(...attempts: Partial<AttemptRecord>[]): RequestRecord {
  return {
    attempts: attempts.map((attempt) => ({ provider: 'openai', model: 'gpt-4o', status: 200, errorKind: undefined, latencyMs: 100, ...attempt })),
  } as RequestRecord;
}

const failed = { status: 502, errorKind: 'upstream' };

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setUp(rules: Partial<AlertRules> = {}, options: Partial<AlertManagerOptions> = {}) {
  const sink = await startSink();
  const clock = { now: Date.UTC(2026, 10, 22, 12) };
  const failures: { url: string; error: unknown }[] = [];
  const errors: unknown[] = [];
  const current: { rules: AlertRules } = {
    rules: {
      webhooks: [
        { url: `${sink.url}/json`, format: 'json' },
        { url: `${sink.url}/slack`, format: 'slack' },
      ],
      dedupWindowMs: 600_000,
      errorRate: { threshold: 0.5, windowMs: 60_000, minRequests: 5 },
      latency: undefined,
      circuitOpen: true,
      keyExpiryDays: 7,
      ...rules,
    },
  };
  const manager = new AlertManager({
    rules: () => current.rules,
    post,
    now: () => clock.now,
    listKeys: async () => [],
    onFailure: (url, error) => failures.push({ url, error }),
    onError: (error) => errors.push(error),
    retryDelayMs: 20,
    ...options,
  });
  manager.start();
  cleanups.push(() => sink.close(), () => manager.close());
  return { sink, clock, manager, failures, errors, current };
}

const kinds = (bodies: Record<string, unknown>[]) => bodies.map((body) => body.type);

describe('AlertManager error rate', () => {
  it('sends one alert per dedup window to each webhook, in its format', async () => {
    const { sink, clock, manager } = await setUp();
    for (let index = 0; index < 10; index += 1) publishRequestEnd(index < 2 ? requestEnd({}) : requestEnd(failed));
    await manager.flush();
    expect(kinds(sink.bodies('/json'))).toEqual(['error_rate']);
    expect(sink.bodies('/json')[0]).toMatchObject({ severity: 'warning', subject: 'openai', details: { provider: 'openai', failed: 3, total: 5 }, at: new Date(clock.now).toISOString() });
    const slack = sink.bodies('/slack');
    expect(slack).toHaveLength(1);
    expect(slack[0]!.blocks).toMatchObject([{ type: 'section', text: { type: 'mrkdwn' } }, { type: 'context' }]);
    expect(String(slack[0]!.text)).toContain('Provider openai');

    clock.now += 30_000;
    for (let index = 0; index < 10; index += 1) publishRequestEnd(requestEnd(failed));
    await manager.flush();
    expect(sink.bodies('/json')).toHaveLength(1);

    clock.now += 600_000;
    for (let index = 0; index < 10; index += 1) publishRequestEnd(requestEnd(failed));
    await manager.flush();
    expect(kinds(sink.bodies('/json'))).toEqual(['error_rate', 'error_rate']);
    expect(sink.bodies('/slack')).toHaveLength(2);
  });

  it('stays quiet for a healthy provider, a caller mistake, or too few attempts', async () => {
    const { sink, manager } = await setUp();
    for (let index = 0; index < 10; index += 1) publishRequestEnd(requestEnd({ status: 400, errorKind: 'bad_request' }));
    for (let index = 0; index < 4; index += 1) publishRequestEnd(requestEnd({ ...failed, provider: 'flaky' }));
    await manager.flush();
    expect(sink.bodies('/json')).toEqual([]);
  });
});

describe('AlertManager latency, circuits and budgets', () => {
  it('alerts on latency far above the trailing baseline', async () => {
    const { sink, clock, manager } = await setUp({ errorRate: undefined, latency: { factor: 3, windowMs: 10_000, baselineMs: 60_000, minRequests: 3 } });
    for (let index = 0; index < 5; index += 1) publishRequestEnd(requestEnd({ latencyMs: 200 }));
    clock.now += 20_000;
    for (let index = 0; index < 3; index += 1) publishRequestEnd(requestEnd({ latencyMs: 1500 }));
    await manager.flush();
    expect(sink.bodies('/json')).toMatchObject([{ type: 'latency', subject: 'openai/gpt-4o', details: { window_requests: 3, baseline_requests: 5 } }]);
  });

  it('alerts when a circuit opens, once per window, and follows a reload that turns it off', async () => {
    const { sink, manager, current, clock } = await setUp();
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'half-open' });
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'closed' });
    await manager.flush();
    expect(sink.bodies('/json')).toMatchObject([{ type: 'circuit_open', subject: 'openai/gpt-4o', severity: 'critical' }]);
    current.rules = { ...current.rules, circuitOpen: false };
    clock.now += DAY_MS;
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    await manager.flush();
    expect(sink.bodies('/json')).toHaveLength(1);
  });

  it('sends budget alerts to the webhooks and, as generic JSON, to the older budget webhooks', async () => {
    const sink = await startSink();
    cleanups.push(() => sink.close());
    const { sink: main, manager } = await setUp({}, { extraJsonUrls: () => [`${sink.url}/legacy`] });
    const budget = { scope: 'key', id: 'k1', period: 'm2026-11', thresholdPercent: 80, spentMicros: 8_000_000, limitMicros: 10_000_000, at: Date.UTC(2026, 10, 22) } as const;
    publishBudgetAlert(budget);
    publishBudgetAlert(budget);
    publishBudgetAlert({ ...budget, thresholdPercent: 100, spentMicros: 10_000_000 });
    await manager.flush();
    const legacy = sink.bodies('/legacy');
    expect(legacy).toHaveLength(2);
    expect(legacy[0]).toMatchObject({ type: 'budget_threshold', scope: 'key', id: 'k1', period: 'm2026-11', threshold_percent: 80, spent_usd: 8, limit_usd: 10, at: '2026-11-22T00:00:00.000Z' });
    expect(legacy[0]!.text).toBe('Switchyard: key k1 reached 80% of its budget ($8.00 of $10.00, period m2026-11).');
    expect(legacy[1]).toMatchObject({ threshold_percent: 100, severity: 'critical' });
    expect(kinds(main.bodies('/json'))).toEqual(['budget_threshold', 'budget_threshold']);
    expect(main.bodies('/slack')).toHaveLength(2);
  });
});

describe('AlertManager key expiry', () => {
  it('alerts on keys nearing expiry once a day, and runs on its own timer', async () => {
    const listed: { id: string; name: string; expiresAt?: number; revokedAt?: number }[] = [];
    let listings = 0;
    const listKeys = async () => {
      listings += 1;
      return listed;
    };
    const { sink, manager, clock } = await setUp({}, { listKeys, firstKeyCheckAfterMs: 1 });
    listed.push({ id: 'k-soon', name: 'ci', expiresAt: clock.now + 3 * DAY_MS }, { id: 'k-far', name: 'far', expiresAt: clock.now + 30 * DAY_MS }, { id: 'k-gone', name: 'gone', expiresAt: clock.now + DAY_MS, revokedAt: clock.now - 1 });
    while (listings === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await manager.flush();
    expect(sink.bodies('/json')).toMatchObject([{ type: 'key_expiring', subject: 'k-soon', details: { key_id: 'k-soon', name: 'ci' } }]);
    clock.now += 3_600_000;
    await manager.checkKeyExpiry();
    await manager.flush();
    expect(sink.bodies('/json')).toHaveLength(1);
    clock.now += DAY_MS;
    await manager.checkKeyExpiry();
    await manager.flush();
    expect(sink.bodies('/json')).toHaveLength(2);
    expect(sink.bodies('/json')[1]!.message).toContain('expires in 2 d');
  });

  it('rejects checkKeyExpiry when the keys cannot be listed', async () => {
    const { manager } = await setUp({}, { listKeys: async () => Promise.reject(new Error('db down')) });
    await expect(manager.checkKeyExpiry()).rejects.toThrow('db down');
  });
});

describe('AlertManager delivery', () => {
  it('retries a failed post once', async () => {
    const { sink, manager, failures } = await setUp({}, { retryDelayMs: 1000 });
    sink.answer('/json', 500);
    const started = Date.now();
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    await manager.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(kinds(sink.bodies('/json'))).toEqual(['circuit_open']);
    expect(failures).toEqual([]);
  });

  it('reports a post that failed twice, and never throws into the publisher', async () => {
    const { sink, manager, failures, errors, current } = await setUp();
    sink.answer('/json', 500, 503);
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    await manager.flush();
    expect(sink.bodies('/json')).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.url).toBe(`${sink.url}/json`);
    expect(String(failures[0]!.error)).toContain('503');
    expect(sink.bodies('/slack')).toHaveLength(1);

    Object.defineProperty(current, 'rules', { get: () => { throw new Error('bad rules'); } });
    expect(() => publishRequestEnd(requestEnd(failed))).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('stops listening on close', async () => {
    const { sink, manager } = await setUp();
    manager.close();
    publishCircuitChange({ deployment: 'openai/gpt-4o', state: 'open' });
    await manager.flush();
    expect(sink.bodies('/json')).toEqual([]);
  });
});
