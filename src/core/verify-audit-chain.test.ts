import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit-entry.js';
import { GENESIS_HASH, hashAuditEntry } from './hash-audit-entry.js';
import { verifyAuditChain } from './verify-audit-chain.js';

function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const input = { seq, at: 1_000 + seq, actor: 'master', action: 'team.update', targetType: 'team', targetId: `team_${seq}`, before: { n: seq - 1 }, after: { n: seq }, sourceIp: undefined };
    const hash = hashAuditEntry(prevHash, input);
    entries.push({ ...input, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and answers its length and head', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries)).toEqual({ ok: true, count: 5, head: { seq: 5, hash: entries[4]!.hash } });
  });

  it('accepts an empty chain, with no head', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0 });
  });

  it('names an edited row, and only that row, when its hash was left alone', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, after: { n: 300 } };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, seq: 3, reason: 'hash mismatch: row edited' });
  });

  it('names the row after one that was edited and re-hashed', () => {
    const entries = chain(5);
    const edited = { ...entries[2]!, actor: 'key:intruder' };
    entries[2] = { ...edited, hash: hashAuditEntry(edited.prevHash, edited) };
    expect(verifyAuditChain(entries)).toEqual({ ok: false, seq: 4, reason: 'prev_hash does not match row 3' });
  });

  it('names the row after a deleted middle row, and the rows missing', () => {
    const entries = chain(6);
    expect(verifyAuditChain([...entries.slice(0, 2), ...entries.slice(3)])).toEqual({ ok: false, seq: 4, reason: 'seq gap: row 3 missing' });
    expect(verifyAuditChain([...entries.slice(0, 1), ...entries.slice(4)])).toEqual({ ok: false, seq: 5, reason: 'seq gap: rows 2..4 missing' });
  });

  it('notices a deleted first row and rows renumbered to hide a deletion', () => {
    const entries = chain(4);
    expect(verifyAuditChain(entries.slice(1))).toEqual({ ok: false, seq: 2, reason: 'seq gap: row 1 missing' });
    const renumbered = [entries[0]!, ...entries.slice(2).map((entry) => ({ ...entry, seq: entry.seq - 1 }))];
    expect(verifyAuditChain(renumbered)).toEqual({ ok: false, seq: 2, reason: 'hash mismatch: row edited' });
  });

  it('refuses a first row that does not start from the genesis hash', () => {
    const input = { seq: 1, at: 1, actor: 'master', action: 'config.reload', targetType: 'config', targetId: undefined, before: undefined, after: undefined, sourceIp: undefined };
    const prevHash = 'a'.repeat(64);
    expect(verifyAuditChain([{ ...input, prevHash, hash: hashAuditEntry(prevHash, input) }])).toEqual({ ok: false, seq: 1, reason: 'prev_hash is not the genesis hash' });
  });

  it('refuses a repeated or out-of-order row', () => {
    const entries = chain(3);
    expect(verifyAuditChain([entries[0]!, entries[1]!, entries[1]!, entries[2]!])).toEqual({ ok: false, seq: 2, reason: 'seq out of order: expected row 3' });
  });

  it('verifies a long chain page by page from the previous page head', () => {
    const entries = chain(7);
    const first = verifyAuditChain(entries.slice(0, 3));
    expect(first).toMatchObject({ ok: true, count: 3, head: { seq: 3 } });
    if (!first.ok) return;
    expect(verifyAuditChain(entries.slice(3), first.head)).toEqual({ ok: true, count: 4, head: { seq: 7, hash: entries[6]!.hash } });
    expect(verifyAuditChain([], first.head)).toEqual({ ok: true, count: 0, head: first.head });
    expect(verifyAuditChain(entries.slice(4), first.head)).toEqual({ ok: false, seq: 5, reason: 'seq gap: row 4 missing' });
    expect(verifyAuditChain(entries.slice(3), { seq: 3, hash: 'b'.repeat(64) })).toEqual({ ok: false, seq: 4, reason: 'prev_hash does not match row 3' });
  });

  it('accepts a chain cut short at its newest end: only an anchored head can tell', () => {
    const entries = chain(5);
    const truncated = verifyAuditChain(entries.slice(0, 3));
    expect(truncated).toMatchObject({ ok: true, count: 3 });
    expect(truncated.ok && truncated.head?.hash).not.toBe(entries[4]!.hash);
  });
});
