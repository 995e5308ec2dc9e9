import type { ConfigSnapshot, JwtSettings } from '../config/index.js';
import type { KeyRecord } from '../core/access-policy.js';
import { GatewayError } from '../core/errors.js';
import type { EventBus, IdentityStore } from '../storage/ports.js';
import { authenticateCaller } from './authenticate-caller.js';
import { effectivePolicy } from './effective-policy.js';
import { compileIpRules } from './ip-access.js';
import type { IpRules } from './ip-access.js';
import type { JwtVerifier } from './jwt-verifier.js';
import { looksLikeJwt } from './looks-like-jwt.js';
import { hashKeySecret, looksLikeVirtualKey } from './key-secret.js';
import { compileModelAccess } from './model-access.js';
import type { Principal, PrincipalLevel } from './principal.js';

/** The channel on which every instance hears that keys, users or teams changed. */
export const IDENTITY_CHANGED_CHANNEL = 'identity-changed';
/** A cached lookup is trusted this long at most, even if an invalidation was missed. */
const CACHE_TTL_MS = 30_000;
const MAX_CACHE_ENTRIES = 10_000;

interface CacheEntry {
  /** The principal, or the refusal for an unknown, revoked or expired key. */
  outcome: { principal: Principal; ipRules: IpRules[]; expiresAt: number | undefined } | GatewayError;
  snapshotVersion: number;
  cachedAt: number;
}

const INVALID_KEY = () => new GatewayError('GW_UNAUTHORIZED', 'Invalid API key.');

/**
 * Who is calling: the master key, a virtual key (`sk-sy-…`, looked up by its SHA-256 in
 * the identity store) or a JWT from the configured identity provider; then the global,
 * key and team IP lists. Lookups are cached in memory, so a known key costs one hash and
 * one map read; any change to keys, users or teams (on this instance or, through the
 * event bus, on another) empties the cache, so a revoked key stops working at once.
 */
export class CallerAuthenticator {
  readonly #cache = new Map<string, CacheEntry>();
  #jwt: { settings: JwtSettings; verifier: JwtVerifier } | undefined;
  #globalIp: { snapshotVersion: number; rules: IpRules | undefined } | undefined;

  constructor(
    private readonly identities: IdentityStore,
    private readonly now: () => number,
  ) {}

  /** Subscribes to invalidations from every instance. */
  async listen(events: EventBus): Promise<void> {
    await events.subscribe(IDENTITY_CHANGED_CHANNEL, () => this.invalidate());
  }

  /** Forgets every cached lookup. */
  invalidate(): void {
    this.#cache.clear();
  }

  /** The caller, or a 401/403 GatewayError. Synchronous for the master key and cached keys. */
  authenticate(credential: string | undefined, clientIp: string | undefined, snapshot: ConfigSnapshot): Principal | Promise<Principal> {
    this.#checkIp(this.#globalRules(snapshot), clientIp);
    if (snapshot.masterKey === undefined || credential === undefined || !looksLikeVirtualKey(credential)) {
      if (credential !== undefined && snapshot.masterKey !== undefined && snapshot.access.jwt && looksLikeJwt(credential)) {
        return this.#authenticateJwt(credential, clientIp, snapshot);
      }
      return authenticateCaller(credential, snapshot.masterKey);
    }
    const hash = hashKeySecret(credential);
    const cached = this.#cache.get(hash);
    if (cached && cached.snapshotVersion === snapshot.version && this.now() - cached.cachedAt < CACHE_TTL_MS) return this.#admit(cached, clientIp);
    return this.#load(hash, snapshot).then((entry) => this.#admit(entry, clientIp));
  }

  #admit(entry: CacheEntry, clientIp: string | undefined): Principal {
    if (entry.outcome instanceof GatewayError) throw entry.outcome;
    const { principal, ipRules, expiresAt } = entry.outcome;
    if (expiresAt !== undefined && this.now() >= expiresAt) throw new GatewayError('GW_UNAUTHORIZED', 'This API key has expired.');
    for (const rules of ipRules) this.#checkIp(rules, clientIp);
    return principal;
  }

  async #load(hash: string, snapshot: ConfigSnapshot): Promise<CacheEntry> {
    const key = await this.identities.keys.findByHash(hash);
    const entry: CacheEntry = { outcome: INVALID_KEY(), snapshotVersion: snapshot.version, cachedAt: this.now() };
    if (key && key.revokedAt === undefined) entry.outcome = await this.#principalOf(key, snapshot);
    if (this.#cache.size >= MAX_CACHE_ENTRIES) this.#cache.clear();
    this.#cache.set(hash, entry);
    return entry;
  }

  async #principalOf(key: KeyRecord, snapshot: ConfigSnapshot): Promise<Exclude<CacheEntry['outcome'], GatewayError>> {
    const user = key.userId === undefined ? undefined : await this.identities.users.get(key.userId);
    // A key without a team of its own belongs to its user's team.
    const teamId = key.teamId ?? user?.teamId;
    const team = teamId === undefined ? undefined : await this.identities.teams.get(teamId);
    const levels: PrincipalLevel[] = [{ scope: 'key', id: key.id, policy: key }];
    if (user) levels.push({ scope: 'user', id: user.id, policy: user });
    if (team) levels.push({ scope: 'team', id: team.id, policy: team });
    const policy = effectivePolicy(key, user, team);
    const principal: Principal = {
      keyId: key.id,
      role: key.role,
      teamId,
      userId: key.userId,
      allowedRegions: policy.allowedRegions,
      levels,
      modelAccess: policy.modelLists.length === 0 ? undefined : policy.modelLists.map((list) => compileModelAccess(list, snapshot.access.modelGroups)),
      priority: key.priority ?? 0,
      queueTimeoutMs: key.queueTimeoutMs ?? 0,
    };
    return { principal, ipRules: policy.ipLists.map((lists) => compileIpRules(lists.allow, lists.deny)), expiresAt: key.expiresAt };
  }

  async #authenticateJwt(token: string, clientIp: string | undefined, snapshot: ConfigSnapshot): Promise<Principal> {
    const settings = snapshot.access.jwt!;
    if (this.#jwt?.settings !== settings) {
      // jose (~9 MiB) is loaded by the first JWT, never by a gateway that takes none.
      const { createJwtVerifier } = await import('./jwt-verifier.js');
      this.#jwt = { settings, verifier: createJwtVerifier(settings) };
    }
    const identity = await this.#jwt.verifier.verify(token);
    const user = await this.identities.users.get(identity.userId);
    // The token's team claim, else the team the user record belongs to.
    const teamId = identity.teamId ?? user?.teamId;
    const team = teamId === undefined ? undefined : await this.identities.teams.get(teamId);
    const levels: PrincipalLevel[] = [];
    if (user) levels.push({ scope: 'user', id: user.id, policy: user });
    if (team) levels.push({ scope: 'team', id: team.id, policy: team });
    const policy = effectivePolicy(undefined, user, team);
    for (const lists of policy.ipLists) this.#checkIp(compileIpRules(lists.allow, lists.deny), clientIp);
    return {
      keyId: undefined,
      role: identity.admin ? 'admin' : 'user',
      teamId,
      userId: identity.userId,
      allowedRegions: policy.allowedRegions,
      levels,
      modelAccess: policy.modelLists.length === 0 ? undefined : policy.modelLists.map((list) => compileModelAccess(list, snapshot.access.modelGroups)),
      priority: 0,
      queueTimeoutMs: 0,
    };
  }

  #globalRules(snapshot: ConfigSnapshot): IpRules | undefined {
    if (this.#globalIp?.snapshotVersion !== snapshot.version) {
      const { ipAllow, ipDeny } = snapshot.access;
      this.#globalIp = { snapshotVersion: snapshot.version, rules: ipAllow === undefined && ipDeny === undefined ? undefined : compileIpRules(ipAllow, ipDeny) };
    }
    return this.#globalIp.rules;
  }

  #checkIp(rules: IpRules | undefined, clientIp: string | undefined): void {
    if (rules && !rules.permits(clientIp)) throw new GatewayError('GW_FORBIDDEN', 'Requests from this address are not allowed.');
  }
}
