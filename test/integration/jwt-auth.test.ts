import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { CryptoKey, JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'switchyard';
const KID = 'idp-key-1';

let jwks: Server;
let jwksHits = 0;
let gateway: RunningGateway;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const published = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'ES256', use: 'sig' }] };
  jwks = createServer((request, response) => {
    jwksHits += 1;
    response.writeHead(request.url === '/.well-known/jwks.json' ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(published));
  });
  jwks.listen(0, '127.0.0.1');
  await once(jwks, 'listening');
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  gateway = await startGateway(`
auth:
  master_key: ${MASTER_KEY}
  jwt:
    jwks_url: "${jwksUrl}"
    issuer: "${ISSUER}"
    audience: ${AUDIENCE}
    team_claim: team
    roles_claim: roles
    admin_roles: [gateway-admin]
storage: { database: "sqlite::memory:" }
request_log: { flush_interval_ms: 20 }
providers: { demo: { type: mock } }
models:
  echo: { targets: [{ provider: demo, model: mock-echo }] }
  other: { targets: [{ provider: demo, model: mock-echo }] }
`);
});

afterAll(async () => {
  await gateway?.stop();
  if (jwks) {
    jwks.closeAllConnections();
    jwks.close();
  }
});

const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

interface TokenOptions {
  audience?: string;
  issuer?: string;
  /** Seconds since the epoch. */
  expiresAt?: number;
  key?: CryptoKey;
}

function token(claims: JWTPayload & { sub: string }, options: TokenOptions = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: KID })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 300)
    .sign(options.key ?? signingKey);
}

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string | null; type: string; message: string } } & Record<string, unknown>;
}

async function call(method: string, path: string, credential: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Answer['body']) };
}

const chat = (credential: string, model = 'echo') => call('POST', '/v1/chat/completions', credential, { model, messages: [{ role: 'user', content: 'hi jwt' }] });

describe('JWT authentication against a local JWKS', () => {
  it('a valid token calls the data plane; the log row names its user and team', async () => {
    const sub = unique('alice');
    const answer = await chat(await token({ sub, team: 'research', roles: ['reader'] }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ choices: [{ message: { content: 'echo: hi jwt' } }] });
    expect(jwksHits).toBeGreaterThan(0);
    await expect
      .poll(async () => (await call('GET', `/admin/logs/${answer.headers.get('x-switchyard-request-id')}`, MASTER_KEY)).body, { timeout: 2000, interval: 25 })
      .toMatchObject({ status: 200, key_id: null, user_id: sub, team_id: 'research' });
  });

  it.each<[string, () => TokenOptions]>([
    ['a wrong audience', () => ({ audience: 'someone-else' })],
    ['a wrong issuer', () => ({ issuer: 'https://evil.example.test/' })],
    ['an expired token (beyond the 30 s tolerance)', () => ({ expiresAt: Math.floor(Date.now() / 1000) - 120 })],
    ['a signature by a key the JWKS does not publish', () => ({ key: strangerKey })],
  ])('%s is refused with 401', async (_name, options) => {
    const refused = await chat(await token({ sub: unique('mallory') }, options()));
    expect(refused.status).toBe(401);
    expect(refused.body.error?.type).toBe('authentication_error');
    expect(refused.body.error?.message).toMatch(/^Invalid JWT/);
  });

  it('a token with an admin role may use the admin API; one without gets 403', async () => {
    const admin = await call('GET', '/admin/keys', await token({ sub: unique('root'), roles: ['reader', 'gateway-admin'] }));
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ object: 'list' });
    const reader = await call('GET', '/admin/keys', await token({ sub: unique('bob'), roles: ['reader'] }));
    expect(reader.status).toBe(403);
    expect(reader.body.error?.code).toBe('forbidden');
  });

  it("a user created with the token's sub as id gets that user's limits: rpm_limit 1 lets one request through", async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const sub = unique('carol');
    expect((await call('POST', '/admin/users', MASTER_KEY, { id: sub, name: 'Carol', rpm_limit: 1 })).status).toBe(201);
    const bearer = await token({ sub });
    expect((await chat(bearer)).status).toBe(200);
    const refused = await chat(bearer);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('rate_limit_exceeded');
    expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('1');
    // Another person is not limited by Carol's counter.
    expect((await chat(await token({ sub: unique('dave') }))).status).toBe(200);
  });

  it("the team from the token's team claim applies its model access", async () => {
    const team = unique('vision');
    expect((await call('POST', '/admin/teams', MASTER_KEY, { id: team, name: 'Vision', models: ['echo'] })).status).toBe(201);
    const bearer = await token({ sub: unique('erin'), team });
    expect((await chat(bearer, 'echo')).status).toBe(200);
    const refused = await chat(bearer, 'other');
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden');
  });

  it("the user's ip_deny applies to their JWTs as it does to their keys", async () => {
    const sub = unique('frank');
    expect((await call('POST', '/admin/users', MASTER_KEY, { id: sub, ip_deny: ['127.0.0.1/32'] })).status).toBe(201);
    expect((await chat(await token({ sub }))).status).toBe(403);
  });

  it("a token without a team claim gets the team of its user record, and that team's model access", async () => {
    const team = unique('legal');
    expect((await call('POST', '/admin/teams', MASTER_KEY, { id: team, name: 'Legal', models: ['echo'] })).status).toBe(201);
    const sub = unique('grace');
    expect((await call('POST', '/admin/users', MASTER_KEY, { id: sub, team_id: team })).status).toBe(201);
    expect((await chat(await token({ sub }), 'other')).status).toBe(403);
  });
});
