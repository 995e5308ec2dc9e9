import type { AuditEntry } from './audit-entry.js';
import { GENESIS_HASH, hashAuditEntry } from './hash-audit-entry.js';

/** Where a chain (or a page of one) ends: the last entry's position and hash. */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/**
 * The verdict on a chain: intact (`count` entries checked, `head` the last of them, absent
 * when there were none), or broken at the first bad row, with why.
 */
export type AuditChainVerdict = { ok: true; count: number; head?: AuditChainHead } | { ok: false; seq: number; reason: string };

/**
 * Checks entries in chain order: seq continuity (1, 2, 3...; a deleted row leaves a gap),
 * each entry's own hash (an edited row no longer matches it) and each `prevHash` link.
 * `previous`: the head of the entries already checked, to verify a long chain page by
 * page; without it the entries must start at seq 1. A chain cut short at its newest end
 * still verifies: only an anchored head (compared by the caller) can tell.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>, previous?: AuditChainHead): AuditChainVerdict {
  let expectedSeq = (previous?.seq ?? 0) + 1;
  let prevHash = previous?.hash ?? GENESIS_HASH;
  let count = 0;
  let head: AuditChainHead | undefined = previous === undefined ? undefined : { seq: previous.seq, hash: previous.hash };
  for (const entry of entries) {
    if (entry.seq < expectedSeq) return { ok: false, seq: entry.seq, reason: `seq out of order: expected row ${expectedSeq}` };
    if (entry.seq > expectedSeq) {
      const missing = entry.seq - 1 === expectedSeq ? `row ${expectedSeq}` : `rows ${expectedSeq}..${entry.seq - 1}`;
      return { ok: false, seq: entry.seq, reason: `seq gap: ${missing} missing` };
    }
    // The row's own hash first: an edited row is named as edited, not as a broken link.
    if (hashAuditEntry(entry.prevHash, entry) !== entry.hash) return { ok: false, seq: entry.seq, reason: 'hash mismatch: row edited' };
    if (entry.prevHash !== prevHash) {
      const reason = entry.seq === 1 ? 'prev_hash is not the genesis hash' : `prev_hash does not match row ${entry.seq - 1}`;
      return { ok: false, seq: entry.seq, reason };
    }
    prevHash = entry.hash;
    head = { seq: entry.seq, hash: entry.hash };
    expectedSeq += 1;
    count += 1;
  }
  return head === undefined ? { ok: true, count } : { ok: true, count, head };
}
