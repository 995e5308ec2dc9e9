import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JwtSettings } from '../config/index.js';
import { ConfigError } from '../config/index.js';
import { GatewayError } from '../core/errors.js';
import { createJwtVerifier } from './jwt-verifier.js';
import { looksLikeJwt } from './looks-like-jwt.js';

const ISSUER = 'https://idp.example.test';
const AUDIENCE = 'switchyard';

interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

async function makeKey(alg: 'RS256' | 'ES256', kid?: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg, use: 'sig', ...(kid === undefined ? {} : { kid }) };
  return { privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

function sign(key: SigningKey, claims: JWTPayload, options: { alg?: string; kid?: string | null; expiresIn?: string | number } = {}): Promise<string> {
  const kid = options.kid === null ? undefined : (options.kid ?? key.publicJwk.kid);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? key.publicJwk.alg ?? 'RS256', ...(kid === undefined ? {} : { kid }) })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key.privateKey);
}

let server: Server;
let baseUrl: string;
const keySets = new Map<string, () => JWK[]>();
const hits = new Map<string, number>();
let main: SigningKey;
let attacker: SigningKey;
let rotated: SigningKey;
let rotatedPublished = false;
let twins: { a: SigningKey; b: SigningKey };

beforeAll(async () => {
  main = await makeKey('RS256', 'k1');
  attacker = await makeKey('RS256', 'k1');
  rotated = await makeKey('RS256', 'k2');
  const twinA = await makeKey('RS256');
  const twinB = await makeKey('RS256');
  keySets.set('/jwks', () => [main.publicJwk]);
  keySets.set('/rotating', () => (rotatedPublished ? [main.publicJwk, rotated.publicJwk] : [main.publicJwk]));
  keySets.set('/twins', () => [twinA.publicJwk, twinB.publicJwk]);
  twins = { a: twinA, b: twinB };
  server = createServer((request, response) => {
    const path = request.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const keys = keySets.get(path);
    if (keys === undefined) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function settings(overrides: Partial<JwtSettings> = {}): JwtSettings {
  return { jwksUrl: `${baseUrl}/jwks`, issuer: ISSUER, audience: AUDIENCE, userClaim: 'sub', adminRoles: [], clockToleranceS: 30, ...overrides };
}

async function refusal(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GatewayError);
  const gatewayError = error as GatewayError;
  expect(gatewayError.code).toBe('GW_UNAUTHORIZED');
  expect(gatewayError.status).toBe(401);
  return gatewayError;
}

describe('createJwtVerifier with a JWKS URL', () => {
  it('turns a valid token into an identity', async () => {
    const token = await sign(main, { sub: 'alice' });
    const identity = await createJwtVerifier(settings()).verify(token);
    expect(identity).toMatchObject({ userId: 'alice', teamId: undefined, roles: [], admin: false });
    expect(identity.expiresAt).toBeGreaterThan(Date.now());
    expect(identity.expiresAt! % 1000).toBe(0);
  });

  it('fetches the key set once and serves later tokens from its cache', async () => {
    keySets.set('/cached', () => [main.publicJwk]);
    const verifier = createJwtVerifier(settings({ jwksUrl: `${baseUrl}/cached` }));
    await verifier.verify(await sign(main, { sub: 'a' }));
    await verifier.verify(await sign(main, { sub: 'b' }));
    expect(hits.get('/cached')).toBe(1);
  });

  it('refuses a wrong issuer or audience', async () => {
    const verifier = createJwtVerifier(settings());
    const token = await sign(main, { sub: 'alice' });
    const wrongIssuer = await refusal(createJwtVerifier(settings({ issuer: 'https://other.test' })).verify(token));
    expect(wrongIssuer.message).toMatch(/"iss"/);
    const wrongAudience = await refusal(createJwtVerifier(settings({ audience: ['a', 'b'] })).verify(token));
    expect(wrongAudience.message).toMatch(/"aud"/);
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('refuses an expired token, allowing the clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await refusal(createJwtVerifier(settings()).verify(await sign(main, { sub: 'alice' }, { expiresIn: now - 3600 })));
    expect(expired.message).toBe('Invalid JWT: the token has expired.');
    const justExpired = await sign(main, { sub: 'alice' }, { expiresIn: now - 10 });
    await expect(createJwtVerifier(settings()).verify(justExpired)).resolves.toMatchObject({ userId: 'alice' });
    await refusal(createJwtVerifier(settings({ clockToleranceS: 0 })).verify(justExpired));
  });

  it('refuses a bad signature without echoing the token', async () => {
    const forged = await sign(attacker, { sub: 'mallory' });
    const error = await refusal(createJwtVerifier(settings()).verify(forged));
    expect(error.message).toBe('Invalid JWT: signature verification failed.');
    expect(error.message).not.toContain(forged.split('.')[1]);
    expect(error.cause).toBeUndefined();
  });

  it('refuses an unknown kid', async () => {
    const error = await refusal(createJwtVerifier(settings()).verify(await sign(rotated, { sub: 'alice' })));
    expect(error.message).toMatch(/no configured key matches/);
  });

  it('picks up a key the identity provider rotated in', async () => {
    const verifier = createJwtVerifier(settings({ jwksUrl: `${baseUrl}/rotating` }), { jwksCooldownMs: 0 });
    const token = await sign(rotated, { sub: 'alice' });
    await refusal(verifier.verify(token));
    rotatedPublished = true;
    await expect(verifier.verify(token)).resolves.toMatchObject({ userId: 'alice' });
  });

  it('tries every key when a kid-less token fits several', async () => {
    const verifier = createJwtVerifier(settings({ jwksUrl: `${baseUrl}/twins` }));
    await expect(verifier.verify(await sign(twins.b, { sub: 'bob' }, { kid: null }))).resolves.toMatchObject({ userId: 'bob' });
    await refusal(verifier.verify(await sign(attacker, { sub: 'eve' }, { kid: null })));
  });

  it('refuses alg none and algorithms outside the list', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 300;
    const unsigned = `${encode({ alg: 'none' })}.${encode({ sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp })}.`;
    expect(looksLikeJwt(unsigned)).toBe(true);
    const none = await refusal(createJwtVerifier(settings()).verify(unsigned));
    expect(none.message).toBe('Invalid JWT: its "alg" is not allowed.');
    const token = await sign(main, { sub: 'alice' });
    await refusal(createJwtVerifier(settings({ algorithms: ['ES256'] })).verify(token));
  });

  it('refuses malformed tokens with 401, and answers 503 while the key set is unreachable', async () => {
    const malformed = await refusal(createJwtVerifier(settings()).verify('not.a.jwt'));
    expect(malformed.message).toBe('Invalid JWT: it is malformed.');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createJwtVerifier(settings({ jwksUrl: `http://127.0.0.1:${port}/jwks` }), { jwksTimeoutMs: 1000 });
    const error = await unreachable.verify(await sign(main, { sub: 'alice' })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'GW_UNAVAILABLE', status: 503, retryable: true, message: expect.stringMatching(/signing keys could not be loaded/) });
  });
});

describe('createJwtVerifier claim mapping', () => {
  it('reads roles from a nested claim and maps admin roles', async () => {
    const verifier = createJwtVerifier(settings({ rolesClaim: 'realm_access.roles', adminRoles: ['gateway-admin'], teamClaim: 'groups' }));
    const admin = await verifier.verify(await sign(main, { sub: 'alice', realm_access: { roles: ['user', 'gateway-admin', 7] }, groups: ['team-a', 'team-b'] }));
    expect(admin).toMatchObject({ userId: 'alice', teamId: 'team-a', roles: ['user', 'gateway-admin'], admin: true });
    const user = await verifier.verify(await sign(main, { sub: 'bob', realm_access: { roles: ['user'] } }));
    expect(user).toMatchObject({ userId: 'bob', teamId: undefined, roles: ['user'], admin: false });
  });

  it('reads namespaced claims whole, space-separated roles and custom user claims', async () => {
    const verifier = createJwtVerifier(
      settings({ userClaim: 'email', teamClaim: 'https://example.test/team', rolesClaim: 'scope', adminRoles: ['switchyard:admin'] }),
    );
    const identity = await verifier.verify(
      await sign(main, { sub: 'x1', email: 'carol@example.test', 'https://example.test/team': 'platform', scope: 'openid switchyard:admin' }),
    );
    expect(identity).toMatchObject({ userId: 'carol@example.test', teamId: 'platform', roles: ['openid', 'switchyard:admin'], admin: true });
  });

  it('refuses a token without the user claim', async () => {
    const error = await refusal(createJwtVerifier(settings({ userClaim: 'oid' })).verify(await sign(main, { sub: 'alice' })));
    expect(error.message).toBe('Invalid JWT: it has no usable "oid" claim.');
  });
});

describe('createJwtVerifier with static keys', () => {
  it('verifies with a PEM public key', async () => {
    const es = await makeKey('ES256', 'whatever');
    const verifier = createJwtVerifier(settings({ jwksUrl: undefined, publicKeys: [main.publicPem, es.publicPem] }));
    await expect(verifier.verify(await sign(es, { sub: 'dave' }))).resolves.toMatchObject({ userId: 'dave' });
    await expect(verifier.verify(await sign(main, { sub: 'erin' }))).resolves.toMatchObject({ userId: 'erin' });
    const error = await refusal(verifier.verify(await sign(attacker, { sub: 'mallory' })));
    expect(error.message).toBe('Invalid JWT: signature verification failed.');
  });

  it('verifies with a JWK JSON key and honours its kid', async () => {
    const verifier = createJwtVerifier(settings({ jwksUrl: undefined, publicKeys: [JSON.stringify(main.publicJwk)] }));
    await expect(verifier.verify(await sign(main, { sub: 'frank' }))).resolves.toMatchObject({ userId: 'frank' });
    const wrongKid = await refusal(verifier.verify(await sign(main, { sub: 'frank' }, { kid: 'other' })));
    expect(wrongKid.message).toMatch(/no configured key matches/);
  });

  it('refuses configured secrets, private keys and garbage', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const privatePem = await exportPKCS8(privateKey);
    const attempt = (publicKeys: string[]) => () => createJwtVerifier(settings({ jwksUrl: undefined, publicKeys }));
    expect(attempt([privatePem])).toThrow(ConfigError);
    expect(attempt([JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' })])).toThrow(/only public keys/);
    expect(attempt([JSON.stringify(await exportJWK(privateKey))])).toThrow(/only public keys/);
    expect(attempt(['-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'])).toThrow(/does not parse/);
    expect(attempt(['hello'])).toThrow(/neither a PEM public key nor JWK JSON/);
    expect(attempt([])).toThrow(/set jwks_url or public_keys/);
  });
});

describe('looksLikeJwt', () => {
  it('recognizes three base64url segments only', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln')).toBe(true);
    expect(looksLikeJwt('sk-sy-abcdef')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
    expect(looksLikeJwt('a.b.c.d')).toBe(false);
    expect(looksLikeJwt('a+b.c.d')).toBe(false);
  });
});

describe('createJwtVerifier expiry', () => {
  it('refuses a token without an expiry: it could never be revoked', async () => {
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .sign(main.privateKey);
    const error = await refusal(createJwtVerifier(settings()).verify(token));
    expect(error.message).toMatch(/exp/);
  });
});
