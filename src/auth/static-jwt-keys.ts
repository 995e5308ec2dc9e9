import { createPublicKey } from 'node:crypto';
import { errors, importJWK, importSPKI } from 'jose';
import type { CryptoKey, JWK, JWTVerifyGetKey } from 'jose';
import { ConfigError } from '../config/index.js';

type StaticKey = { type: 'pem'; pem: string } | { type: 'jwk'; jwk: JWK };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseStaticKey(text: string, index: number): StaticKey | string {
  const where = `public_keys[${index}]`;
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    // A private key would parse too (node derives its public half): refuse it, it must not sit in config.
    if (!trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) return `${where}: expected a "BEGIN PUBLIC KEY" (SPKI) PEM`;
    try {
      createPublicKey(trimmed);
    } catch {
      return `${where}: the PEM public key does not parse`;
    }
    return { type: 'pem', pem: trimmed };
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(trimmed);
  } catch {
    return `${where}: neither a PEM public key nor JWK JSON`;
  }
  if (!isRecord(jwk) || typeof jwk.kty !== 'string') return `${where}: a JWK needs a "kty"`;
  if (jwk.kty === 'oct' || 'd' in jwk) return `${where}: only public keys may be configured, not secrets or private keys`;
  return { type: 'jwk', jwk: jwk as JWK };
}

function matches(key: StaticKey, alg: string, kid: string | undefined): boolean {
  if (key.type === 'pem') return true;
  // Only when both sides name a kid or alg can they disagree; a PEM or bare JWK fits any kid.
  if (kid !== undefined && key.jwk.kid !== undefined && key.jwk.kid !== kid) return false;
  return key.jwk.alg === undefined || key.jwk.alg === alg;
}

function createResolver(key: StaticKey): JWTVerifyGetKey {
  const imported = new Map<string, Promise<CryptoKey>>();
  return async (header) => {
    const { alg, kid } = header;
    if (!matches(key, alg, kid)) throw new errors.JWKSNoMatchingKey();
    let pending = imported.get(alg);
    if (pending === undefined) {
      pending = key.type === 'pem' ? importSPKI(key.pem, alg) : (importJWK(key.jwk, alg) as Promise<CryptoKey>);
      imported.set(alg, pending);
    }
    try {
      return await pending;
    } catch {
      // The key's type cannot do this alg (an RSA key and ES256): another key may.
      imported.delete(alg);
      throw new errors.JWKSNoMatchingKey();
    }
  };
}

/**
 * One key resolver per configured `public_keys` entry (PEM SPKI or JWK JSON), each
 * importing its key once per algorithm. A resolver throws jose's JWKSNoMatchingKey when
 * its key cannot verify the token's kid/alg, so the caller tries the next one.
 * Throws ConfigError for entries that are not public keys.
 */
export function createStaticKeyResolvers(publicKeys: readonly string[]): JWTVerifyGetKey[] {
  const parsed = publicKeys.map(parseStaticKey);
  const problems = parsed.filter((entry): entry is string => typeof entry === 'string');
  if (problems.length > 0) throw new ConfigError('auth.jwt', problems);
  return parsed.filter((entry): entry is StaticKey => typeof entry !== 'string').map(createResolver);
}
