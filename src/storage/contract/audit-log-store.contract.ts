import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditEntryInput } from '../../core/audit-entry.js';
import { GENESIS_HASH, hashAuditEntry } from '../../core/hash-audit-entry.js';
import { verifyAuditChain } from '../../core/verify-audit-chain.js';
import type { AuditChainVerdict } from '../../core/verify-audit-chain.js';
import type { AuditLogStore } from '../ports.js';

/** An admin action as the audit wrapper would log it; fields overridable. */
export function makeAuditInput(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    at: 1_000,
    actor: 'master',
    action: 'key.update',
    targetType: 'key',
    targetId: 'key_1',
    before: { rpm_limit: 10, key: '[redacted]' },
    after: { rpm_limit: 20, key: '[redacted]' },
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

/** The whole chain, page by page through `scan`, as `switchyard audit verify` reads it. */
export async function verifyStoredChain(store: AuditLogStore, pageSize = 7): Promise<AuditChainVerdict> {
  let count = 0;
  let head: { seq: number; hash: string } | undefined;
  for (;;) {
    const page = await store.scan(head?.seq ?? 0, pageSize);
    if (page.length === 0) return head === undefined ? { ok: true, count } : { ok: true, count, head };
    const verdict = verifyAuditChain(page, head);
    if (!verdict.ok) return verdict;
    count += verdict.count;
    head = verdict.head;
  }
}

const seqs = (entries: readonly AuditEntry[]) => entries.map((entry) => entry.seq);

/** One behaviour spec every AuditLogStore backend passes. */
export function auditLogStoreContract(name: string, makeStore: () => AuditLogStore): void {
  describe(`${name}: AuditLogStore contract`, () => {
    it('chains appends from the genesis hash, numbering them 1, 2, 3', async () => {
      const store = makeStore();
      const first = await store.append(makeAuditInput({ at: 1 }));
      const second = await store.append(makeAuditInput({ at: 2, action: 'key.rotate' }));
      expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, action: 'key.update' });
      expect(first.hash).toBe(hashAuditEntry(GENESIS_HASH, { ...makeAuditInput({ at: 1 }), seq: 1 }));
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, action: 'key.rotate' });
      expect(second.hash).not.toBe(first.hash);
    });

    it('reads back exactly what append answered, absent values apart from null', async () => {
      const store = makeStore();
      const inputs = [
        makeAuditInput({ before: { nested: { list: [1, 'two', null], flag: true } }, after: null }),
        makeAuditInput({ action: 'config.reload', targetType: 'config', targetId: undefined, before: undefined, after: { version: 2 }, sourceIp: undefined }),
        makeAuditInput({ action: 'team.delete', targetType: 'team', targetId: 'team_1', before: { name: 'A' }, after: undefined }),
      ];
      const appended: AuditEntry[] = [];
      for (const input of inputs) appended.push(await store.append(input));
      expect(await store.scan(0, 10)).toEqual(appended);
      expect(appended[1]).toMatchObject({ targetId: undefined, before: undefined, sourceIp: undefined });
      expect(appended[0]!.after).toBeNull();
      expect((await store.list({ limit: 10 })).reverse()).toEqual(appended);
    });

    it('keeps the entry as appended when the caller mutates its object afterwards', async () => {
      const store = makeStore();
      const after = { rpm_limit: 20 };
      await store.append(makeAuditInput({ after }));
      after.rpm_limit = 9_999;
      const [entry] = await store.scan(0, 1);
      expect(entry!.after).toEqual({ rpm_limit: 20 });
      expect(await verifyStoredChain(store)).toMatchObject({ ok: true, count: 1 });
    });

    it('lists newest first, at most limit, and pages backwards with beforeSeq', async () => {
      const store = makeStore();
      for (let index = 1; index <= 12; index += 1) await store.append(makeAuditInput({ at: index }));
      expect(seqs(await store.list({ limit: 5 }))).toEqual([12, 11, 10, 9, 8]);
      const pages: number[][] = [];
      let beforeSeq: number | undefined;
      for (;;) {
        const page = await store.list({ limit: 5, beforeSeq });
        if (page.length === 0) break;
        pages.push(seqs(page));
        beforeSeq = page.at(-1)!.seq;
      }
      expect(pages).toEqual([[12, 11, 10, 9, 8], [7, 6, 5, 4, 3], [2, 1]]);
    });

    it('filters by actor, action, target id and an inclusive time range, combined', async () => {
      const store = makeStore();
      await store.append(makeAuditInput({ at: 100, actor: 'master', action: 'key.create', targetId: 'key_a' }));
      await store.append(makeAuditInput({ at: 200, actor: 'key:admin1', action: 'key.update', targetId: 'key_a' }));
      await store.append(makeAuditInput({ at: 300, actor: 'user:alice', action: 'team.update', targetType: 'team', targetId: 'team_a' }));
      await store.append(makeAuditInput({ at: 400, actor: 'key:admin1', action: 'key.revoke', targetId: 'key_b' }));
      expect(seqs(await store.list({ limit: 10, actor: 'key:admin1' }))).toEqual([4, 2]);
      expect(seqs(await store.list({ limit: 10, action: 'key.update' }))).toEqual([2]);
      expect(seqs(await store.list({ limit: 10, targetId: 'key_a' }))).toEqual([2, 1]);
      expect(seqs(await store.list({ limit: 10, from: 200, to: 300 }))).toEqual([3, 2]);
      expect(seqs(await store.list({ limit: 10, actor: 'key:admin1', from: 300 }))).toEqual([4]);
      expect(seqs(await store.list({ limit: 10, actor: 'key:admin1', beforeSeq: 4 }))).toEqual([2]);
      expect(await store.list({ limit: 10, actor: 'nobody' })).toEqual([]);
    });

    it('scans in chain order after a position, at most limit', async () => {
      const store = makeStore();
      expect(await store.scan(0, 10)).toEqual([]);
      for (let index = 1; index <= 6; index += 1) await store.append(makeAuditInput({ at: index }));
      expect(seqs(await store.scan(0, 4))).toEqual([1, 2, 3, 4]);
      expect(seqs(await store.scan(4, 4))).toEqual([5, 6]);
      expect(await store.scan(6, 4)).toEqual([]);
    });

    it('keeps a valid chain over many appends', async () => {
      const store = makeStore();
      let last: AuditEntry | undefined;
      for (let index = 1; index <= 120; index += 1) last = await store.append(makeAuditInput({ at: index, targetId: `key_${index % 7}`, after: { n: index } }));
      expect(await verifyStoredChain(store)).toEqual({ ok: true, count: 120, head: { seq: 120, hash: last!.hash } });
    });

    it('keeps one valid chain when 50 appends run at once', async () => {
      const store = makeStore();
      await store.append(makeAuditInput({ at: 0 }));
      const appended = await Promise.all(Array.from({ length: 50 }, (_, index) => store.append(makeAuditInput({ at: index + 1, after: { n: index } }))));
      expect(new Set(seqs(appended)).size).toBe(50);
      expect(seqs(appended).sort((left, right) => left - right)).toEqual(Array.from({ length: 50 }, (_, index) => index + 2));
      expect(await verifyStoredChain(store)).toMatchObject({ ok: true, count: 51, head: { seq: 51 } });
    });
  });
}
