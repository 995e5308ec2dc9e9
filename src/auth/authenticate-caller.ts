import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../core/errors.js';
import type { Secret } from '../core/secret.js';
import type { Principal } from './principal.js';

const AUTH_OFF: Principal = { keyId: undefined, role: 'admin' };
const MASTER: Principal = { keyId: 'master', role: 'admin' };

// Hashing first makes the comparison constant-time whatever the lengths.
function sameSecret(given: string, expected: string): boolean {
  const left = createHash('sha256').update(given).digest();
  const right = createHash('sha256').update(expected).digest();
  return timingSafeEqual(left, right);
}

/**
 * The master key check of CONTRACT.md section 4. With no master key configured auth is
 * off and every caller is an admin; the server refuses to bind beyond loopback then.
 */
export function authenticateCaller(credential: string | undefined, masterKey: Secret | undefined): Principal {
  if (masterKey === undefined) return AUTH_OFF;
  if (credential === undefined) {
    throw new GatewayError('GW_UNAUTHORIZED', 'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>".');
  }
  if (!sameSecret(credential, masterKey.reveal())) throw new GatewayError('GW_UNAUTHORIZED', 'Invalid API key.');
  return MASTER;
}
