import { describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../core/audit-entry.js';
import { GENESIS_HASH } from '../core/hash-audit-entry.js';
import { MemoryAuditLogStore } from '../storage/memory/memory-audit-log-store.js';
import { handleAudit } from './audit-api.js';

const at = (day: number) => Date.UTC(2026, 10, day, 12);

const input = (overrides: Partial<AuditEntryInput>): AuditEntryInput => ({
  at: at(1),
  actor: 'master',
  action: 'key.update',
  targetType: 'key',
  targetId: 'key_1',
  before: { rpm_limit: 10 },
  after: { rpm_limit: 20 },
  sourceIp: '127.0.0.1',
  ...overrides,
});

async function storeWith(inputs: AuditEntryInput[]): Promise<MemoryAuditLogStore> {
  const store = new MemoryAuditLogStore();
  for (const entry of inputs) await store.append(entry);
  return store;
}

const inputs = [
  input({ at: at(1), action: 'team.create', targetType: 'team', targetId: 'ml', before: undefined, after: { id: 'ml' } }),
  input({ at: at(2), actor: 'key:key_admin', action: 'key.create', before: undefined, after: { id: 'key_1', key: '[redacted]' } }),
  input({ at: at(3), actor: 'key:key_admin' }),
  input({ at: at(4), action: 'config.reload', targetType: 'config', targetId: undefined, before: undefined, after: { version: 2 }, sourceIp: undefined }),
  input({ at: at(5), action: 'key.revoke' }),
];

const audit = async (query: string) => (await handleAudit(new URLSearchParams(query), await storeWith(inputs))).body;

describe('handleAudit', () => {
  it('answers the chain newest first in snake_case, times in ISO 8601 and absent values as null', async () => {
    const store = await storeWith(inputs);
    const response = await handleAudit(new URLSearchParams(), store);
    expect(response.status).toBe(200);
    expect(response.body.object).toBe('list');
    expect(response.body.next_before_seq).toBeNull();
    expect(response.body.data.map((entry) => entry.seq)).toEqual([5, 4, 3, 2, 1]);
    const [first] = await store.scan(0, 1);
    expect(response.body.data[4]).toEqual({
      seq: 1,
      at: '2026-11-01T12:00:00.000Z',
      actor: 'master',
      action: 'team.create',
      target_type: 'team',
      target_id: 'ml',
      before: null,
      after: { id: 'ml' },
      source_ip: '127.0.0.1',
      prev_hash: GENESIS_HASH,
      hash: first!.hash,
    });
    expect(response.body.data[1]).toMatchObject({ action: 'config.reload', target_id: null, source_ip: null, prev_hash: response.body.data[2]!.hash });
  });

  it('pages backwards with limit and before_seq until next_before_seq is null', async () => {
    const first = await audit('limit=2');
    expect(first.data.map((entry) => entry.seq)).toEqual([5, 4]);
    expect(first.next_before_seq).toBe(4);
    const second = await audit(`limit=2&before_seq=${first.next_before_seq}`);
    expect(second.data.map((entry) => entry.seq)).toEqual([3, 2]);
    const third = await audit(`limit=2&before_seq=${second.next_before_seq}`);
    expect(third.data.map((entry) => entry.seq)).toEqual([1]);
    expect(third.next_before_seq).toBeNull();
    expect((await audit('limit=5')).next_before_seq).toBeNull();
  });

  it('filters by actor, action, target id and an inclusive time range', async () => {
    const seqs = async (query: string) => (await audit(query)).data.map((entry) => entry.seq);
    expect(await seqs('actor=key:key_admin')).toEqual([3, 2]);
    expect(await seqs('action=key.revoke')).toEqual([5]);
    expect(await seqs('target_id=key_1')).toEqual([5, 3, 2]);
    expect(await seqs('from=2026-11-02&to=2026-11-04T12:00:00Z')).toEqual([4, 3, 2]);
    expect(await seqs(`from=${at(4)}&actor=master`)).toEqual([5, 4]);
    expect(await seqs('actor=')).toEqual([5, 4, 3, 2, 1]);
  });

  it('refuses a bad limit, before_seq or time range, naming the parameter', async () => {
    const store = new MemoryAuditLogStore();
    for (const [query, param] of [['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=2.5', 'limit'], ['before_seq=-1', 'before_seq'], ['before_seq=abc', 'before_seq'], ['from=yesterday', 'from'], ['from=2026-11-05&to=2026-11-01', 'from']]) {
      await expect(handleAudit(new URLSearchParams(query), store), query).rejects.toMatchObject({ status: 400, param });
    }
  });
});
