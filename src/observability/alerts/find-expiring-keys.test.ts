import { describe, expect, it } from 'vitest';
import { findExpiringKeys, keyExpiringAlert } from './find-expiring-keys.js';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);

describe('findExpiringKeys', () => {
  it('returns live keys expiring within the horizon, soonest first', () => {
    const keys = [
      { id: 'k-later', name: 'later', expiresAt: NOW + 6 * DAY_MS },
      { id: 'k-soon', name: 'soon', expiresAt: NOW + 2 * DAY_MS },
      { id: 'k-edge', name: 'edge', expiresAt: NOW + 7 * DAY_MS },
      { id: 'k-far', name: 'far', expiresAt: NOW + 8 * DAY_MS },
      { id: 'k-never', name: 'never' },
      { id: 'k-expired', name: 'expired', expiresAt: NOW - 1 },
      { id: 'k-now', name: 'now', expiresAt: NOW },
      { id: 'k-revoked', name: 'revoked', expiresAt: NOW + DAY_MS, revokedAt: NOW - DAY_MS },
    ];
    expect(findExpiringKeys(keys, NOW, 7).map((key) => key.id)).toEqual(['k-soon', 'k-later', 'k-edge']);
    expect(findExpiringKeys(keys, NOW, 1)).toEqual([]);
  });
});

describe('keyExpiringAlert', () => {
  it('says when, and is critical in the last day', () => {
    const days = keyExpiringAlert({ id: 'k1', name: 'ci', expiresAt: NOW + 3 * DAY_MS }, NOW);
    expect(days).toEqual({
      kind: 'key_expiring',
      severity: 'warning',
      subject: 'k1',
      message: 'Key "ci" (k1) expires in 3 d, at 2026-11-04T00:00:00.000Z.',
      details: { key_id: 'k1', name: 'ci', expires_at: '2026-11-04T00:00:00.000Z', expires_in_hours: 72 },
      at: NOW,
    });
    const hours = keyExpiringAlert({ id: 'k2', name: 'bot', expiresAt: NOW + 5 * 3_600_000 }, NOW);
    expect(hours.severity).toBe('critical');
    expect(hours.message).toContain('expires in 5 h');
  });
});
