import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';
import { GatewayError } from '../core/errors.js';
import { ConfigError } from '../config/index.js';
import type { JwtSettings } from '../config/index.js';
import { createStaticKeyResolvers } from './static-jwt-keys.js';

/** Who a verified JWT names, after the configured claim mapping. */
export interface JwtIdentity {
  /** From `userClaim` (default `sub`). */
  userId: string;
  /** From `teamClaim`; the first element when the claim is a list. */
  teamId?: string | undefined;
  /** From `rolesClaim`: a list, or a space-separated string (OAuth `scope` style). */
  roles: string[];
  /** True when any role is one of `adminRoles`. */
  admin: boolean;
  /** Epoch ms from `exp`; undefined when the token has none. */
  expiresAt?: number | undefined;
}

/** Verifies bearer JWTs against the configured identity provider. */
export interface JwtVerifier {
  /** The caller's identity; a GW_UNAUTHORIZED GatewayError for any invalid token. */
  verify(token: string): Promise<JwtIdentity>;
}

/** JWKS fetching knobs; the defaults suit production, tests shorten them. */
export interface JwtVerifierOptions {
  /** How long fetched keys are trusted before a refetch (default 10 min). */
  jwksCacheMaxAgeMs?: number;
  /** The least time between refetches on an unknown kid, so forged kids cannot flood the IdP (default 30 s). */
  jwksCooldownMs?: number;
  /** Fetch timeout (default 5 s). */
  jwksTimeoutMs?: number;
}

// Public-key algorithms only: with HS256 allowed, an RSA public key could be misused as an HMAC secret.
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

function describeFailure(error: unknown): string {
  if (!(error instanceof errors.JOSEError)) return "the identity provider's signing keys could not be loaded";
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return error.message;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'signature verification failed';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'its "alg" is not allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'no configured key matches its "kid" and "alg"';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JWKS_INVALID':
      return "the identity provider's signing keys could not be loaded";
    default:
      return 'it is malformed';
  }
}

function unauthorized(reason: string): GatewayError {
  // jose errors are not attached as `cause`: JWTClaimValidationFailed carries the claims.
  return new GatewayError('GW_UNAUTHORIZED', `Invalid JWT: ${reason}.`);
}

/** A claim by name, or by dot path into nested objects (`realm_access.roles`) when no claim has the whole name. */
function readClaim(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function asIdentifier(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asRoles(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((role): role is string => typeof role === 'string' && role !== '');
  return typeof value === 'string' ? value.split(/\s+/).filter((role) => role !== '') : [];
}

function mapIdentity(payload: JWTPayload, settings: JwtSettings): JwtIdentity {
  const userId = asIdentifier(readClaim(payload, settings.userClaim));
  if (userId === undefined) throw unauthorized(`it has no usable "${settings.userClaim}" claim`);
  const team = settings.teamClaim === undefined ? undefined : readClaim(payload, settings.teamClaim);
  const roles = settings.rolesClaim === undefined ? [] : asRoles(readClaim(payload, settings.rolesClaim));
  return {
    userId,
    teamId: asIdentifier(Array.isArray(team) ? team[0] : team),
    roles,
    admin: roles.some((role) => settings.adminRoles.includes(role)),
    expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
  };
}

function createKeyResolvers(settings: JwtSettings, options: JwtVerifierOptions): JWTVerifyGetKey[] {
  const resolvers = createStaticKeyResolvers(settings.publicKeys ?? []);
  if (settings.jwksUrl !== undefined) {
    // jose refetches on an unknown kid (key rotation), at most once per cooldown.
    resolvers.push(
      createRemoteJWKSet(new URL(settings.jwksUrl), {
        cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
        cooldownDuration: options.jwksCooldownMs ?? 30_000,
        timeoutDuration: options.jwksTimeoutMs ?? 5_000,
      }),
    );
  }
  if (resolvers.length === 0) throw new ConfigError('auth.jwt', ['set jwks_url or public_keys']);
  return resolvers;
}

// A JWKS with several keys fitting a kid-less token hands them over to try one by one.
async function verifyWith(token: string, resolver: JWTVerifyGetKey, verifyOptions: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    return (await jwtVerify(token, resolver, verifyOptions)).payload;
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    let failure: unknown = new errors.JWKSNoMatchingKey();
    for await (const key of error) {
      try {
        return (await jwtVerify(token, key, verifyOptions)).payload;
      } catch (attempt) {
        if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
        failure = attempt;
      }
    }
    throw failure;
  }
}

function isKeysUnavailable(error: unknown): boolean {
  return !(error instanceof errors.JOSEError) || error.code === 'ERR_JWKS_TIMEOUT' || error.code === 'ERR_JWKS_INVALID';
}

function isKeyMismatch(error: unknown): boolean {
  return error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed;
}

/**
 * A verifier for `settings` (config `auth.jwt`): signature by the static keys, then the
 * JWKS URL; issuer, audience, expiry and not-before with `clockToleranceS`; claims
 * mapped to a JwtIdentity. Throws ConfigError for unusable settings.
 */
export function createJwtVerifier(settings: JwtSettings, options: JwtVerifierOptions = {}): JwtVerifier {
  const resolvers = createKeyResolvers(settings, options);
  const verifyOptions: JWTVerifyOptions = {
    algorithms: [...(settings.algorithms ?? ASYMMETRIC_ALGORITHMS)],
    clockTolerance: settings.clockToleranceS,
    // A token that never expires cannot be revoked: refuse it.
    requiredClaims: ['exp'],
    ...(settings.issuer === undefined ? {} : { issuer: typeof settings.issuer === 'string' ? settings.issuer : [...settings.issuer] }),
    ...(settings.audience === undefined ? {} : { audience: typeof settings.audience === 'string' ? settings.audience : [...settings.audience] }),
  };
  return {
    async verify(token) {
      let failure: unknown;
      for (const resolver of resolvers) {
        try {
          return mapIdentity(await verifyWith(token, resolver, verifyOptions), settings);
        } catch (error) {
          if (error instanceof GatewayError) throw error;
          // Another configured key may still verify it; a signature failure outranks "no key".
          // The identity provider being down is not the caller's fault: 503, retryable.
          if (isKeysUnavailable(error)) throw new GatewayError('GW_UNAVAILABLE', "The identity provider's signing keys could not be loaded; try again shortly.");
          if (!isKeyMismatch(error)) throw unauthorized(describeFailure(error));
          if (!(failure instanceof errors.JWSSignatureVerificationFailed)) failure = error;
        }
      }
      throw unauthorized(describeFailure(failure));
    },
  };
}
