import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'sk-sy-';
const SECRET_BYTES = 32;
const DISPLAY_LENGTH = 12;
// 32 bytes are 43 base64url characters without padding.
const VIRTUAL_KEY_PATTERN = /^sk-sy-[A-Za-z0-9_-]{43}$/;

/** A new virtual key secret: `sk-sy-` and 256 random bits in base64url. Shown to its owner once. */
export function generateKeySecret(): string {
  return KEY_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * The hex SHA-256 a key is stored and looked up by. A plain hash suffices: the secret
 * has 256 bits of entropy, so no salt or slow hash is needed against guessing.
 */
export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The secret's first characters, for recognizing a key in lists (`sk-sy-AbC1d2…`). */
export function keyDisplayPrefix(secret: string): string {
  return `${secret.slice(0, DISPLAY_LENGTH)}…`;
}

/** Whether a credential has the shape `generateKeySecret` produces (no lookup is done). */
export function looksLikeVirtualKey(credential: string): boolean {
  return VIRTUAL_KEY_PATTERN.test(credential);
}
