import { timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../core/errors.js';
import type { Secret } from '../core/secret.js';
import type { Principal } from './principal.js';

const AUTH_OFF: Principal = { keyId: undefined, role: 'admin' };
const MASTER: Principal = { keyId: 'master', role: 'admin' };

// The master key's bytes, made once per config snapshot, not per request.
const masterBytes = new WeakMap<Secret, Buffer>();

// Constant-time in the key's content; only its length can be told apart, which is not
// the secret. (Hashing both sides hid the length too, at ~4 µs a request.)
function isMasterKey(given: string, masterKey: Secret): boolean {
  let expected = masterBytes.get(masterKey);
  if (!expected) {
    expected = Buffer.from(masterKey.reveal(), 'utf8');
    masterBytes.set(masterKey, expected);
  }
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
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
  if (!isMasterKey(credential, masterKey)) throw new GatewayError('GW_UNAUTHORIZED', 'Invalid API key.');
  return MASTER;
}
