import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntryInput } from './audit-entry.js';
import { GENESIS_HASH, hashAuditEntry } from './hash-audit-entry.js';

const entry = (overrides: Partial<AuditEntryInput> = {}): AuditEntryInput & { seq: number } => ({
  seq: 1,
  at: 1_700_000_000_000,
  actor: 'master',
  action: 'key.update',
  targetType: 'key',
  targetId: 'key_1',
  before: { rpm_limit: 10, models: ['a', 'b'] },
  after: { rpm_limit: 20, models: ['a', 'b'] },
  sourceIp: '127.0.0.1',
  ...overrides,
});

describe('hashAuditEntry', () => {
  it('is hex SHA-256, deterministic, and GENESIS_HASH is 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const hash = hashAuditEntry(GENESIS_HASH, entry());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditEntry(GENESIS_HASH, entry())).toBe(hash);
  });

  it('pins the serialization, so a change to it cannot slip in unnoticed', () => {
    const serialized = '["switchyard-audit-v1","' + GENESIS_HASH + '",1,1700000000000,"master","key.update","key",["key_1"],[{"models":["a","b"],"rpm_limit":10}],[{"models":["a","b"],"rpm_limit":20}],["127.0.0.1"]]';
    expect(hashAuditEntry(GENESIS_HASH, entry())).toBe(createHash('sha256').update(serialized).digest('hex'));
  });

  it('hashes before/after the same whatever their key order, nested objects included', () => {
    const reordered = entry({ before: { models: ['a', 'b'], rpm_limit: 10 }, after: { models: ['a', 'b'], rpm_limit: 20 } });
    expect(hashAuditEntry(GENESIS_HASH, reordered)).toBe(hashAuditEntry(GENESIS_HASH, entry()));
    const deep = (inner: Record<string, unknown>) => entry({ after: { policy: inner } });
    expect(hashAuditEntry(GENESIS_HASH, deep({ x: 1, y: { b: 2, a: 1 } }))).toBe(hashAuditEntry(GENESIS_HASH, deep({ y: { a: 1, b: 2 }, x: 1 })));
  });

  it('hashes a value the same before and after a JSON round trip (how a store keeps it)', () => {
    const after = { when: new Date(0), gone: undefined, list: [1, undefined, Number.NaN], text: 'é\u{1F600}' };
    const roundTripped = JSON.parse(JSON.stringify(after)) as unknown;
    expect(hashAuditEntry(GENESIS_HASH, entry({ after }))).toBe(hashAuditEntry(GENESIS_HASH, entry({ after: roundTripped })));
  });

  it('tells an absent value from null and from an empty string', () => {
    const hashes = [
      hashAuditEntry(GENESIS_HASH, entry({ before: undefined })),
      hashAuditEntry(GENESIS_HASH, entry({ before: null })),
      hashAuditEntry(GENESIS_HASH, entry({ targetId: undefined })),
      hashAuditEntry(GENESIS_HASH, entry({ targetId: '' })),
      hashAuditEntry(GENESIS_HASH, entry({ sourceIp: undefined })),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('changes with every field and with prevHash', () => {
    const base = hashAuditEntry(GENESIS_HASH, entry());
    const variants: Partial<AuditEntryInput & { seq: number }>[] = [
      { seq: 2 }, { at: 1_700_000_000_001 }, { actor: 'key:k1' }, { action: 'key.create' }, { targetType: 'team' },
      { targetId: 'key_2' }, { before: { rpm_limit: 11, models: ['a', 'b'] } }, { after: { rpm_limit: 20, models: ['b', 'a'] } }, { sourceIp: '10.0.0.1' },
    ];
    for (const variant of variants) expect(hashAuditEntry(GENESIS_HASH, { ...entry(), ...variant }), JSON.stringify(variant)).not.toBe(base);
    expect(hashAuditEntry('f'.repeat(64), entry())).not.toBe(base);
  });

  it('cannot be fooled by moving text between adjacent fields', () => {
    const left = hashAuditEntry(GENESIS_HASH, entry({ actor: 'a","b', action: 'c' }));
    const right = hashAuditEntry(GENESIS_HASH, entry({ actor: 'a', action: 'b","c' }));
    expect(left).not.toBe(right);
  });
});
