import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAdminHandler } from './admin/index.js';
import { CallerAuthenticator, IDENTITY_CHANGED_CHANNEL } from './auth/index.js';
import type { ReloadOutcome, SnapshotHolder } from './config/index.js';
import type { Clock } from './core/clock.js';
import { AdmissionQueue, Limiter } from './limits/index.js';
import type { Logger } from './observability/index.js';
import { createChatPipeline, createConnectionProbe, HealthChecker } from './pipeline/index.js';
import { createProviderRegistry } from './providers/index.js';
import { CircuitBreakers, ConnectionHealth, connectionHealthReport, deploymentHealth, DeploymentStats } from './router/index.js';
import { createHttpServer } from './server/index.js';
import type { GatewayServer } from './server/index.js';
import { createMemoryStorage, MemoryEventBus, MemoryLimitStore } from './storage/memory/index.js';
import type { EventBus, LimitStore, Storage } from './storage/ports.js';
import { createSqliteStorage } from './storage/sqlite/index.js';
import { createHttpTransport } from './upstream/index.js';
import { startObservability } from './start-observability.js';

export interface App {
  gateway: GatewayServer;
  listen(): Promise<AddressInfo>;
  /** Drain in-flight requests (bounded), flush the request log, close everything. */
  shutdown(): Promise<void>;
  /** SIGHUP: reload the config, and record it in the audit log as the admin API's reload is. */
  reloadOnSignal(): Promise<void>;
}

function openStorage(database: string, logger: Logger): Storage {
  const path = database.slice('sqlite:'.length);
  return path === ':memory:' ? createMemoryStorage() : createSqliteStorage(path, { onBackgroundError: (error) => logger.warn('sqlite background checkpoint failed', { error: error.message }) });
}

/** Counters and invalidations: in memory for one instance, in Redis when `storage.redis` is set. */
async function openLimits(redisUrl: string | undefined, clock: Clock, logger: Logger): Promise<{ limits: LimitStore; events: EventBus; close(): Promise<void> }> {
  if (redisUrl !== undefined) {
    // ioredis (~24 MiB) is loaded only by a gateway that uses Redis.
    const { createRedisLimits } = await import('./storage/redis/index.js');
    return createRedisLimits(redisUrl, { clock, onError: (error) => logger.error('redis error', { error: String(error) }) });
  }
  const events = new MemoryEventBus();
  const limits = new MemoryLimitStore({ clock });
  return { limits, events, close: async () => Promise.all([limits.close(), events.close()]).then(() => undefined) };
}

/** The composition root: the only place that picks concrete stores, providers and stages. */
export async function createApp(options: { holder: SnapshotHolder; clock: Clock; logger: Logger; reload: () => ReloadOutcome }): Promise<App> {
  const { holder, clock, logger } = options;
  const initial = holder.current();
  const storage = openStorage(initial.storage.database, logger);
  const transport = createHttpTransport({ connectTimeoutMs: 10_000, defaultMaxConnections: undefined, keepAliveTimeoutMs: 30_000 });
  const registry = createProviderRegistry();
  // The configured provider types are imported now, so no first request waits for it.
  const preloading = Promise.all([...initial.providers.values()].map((connection) => registry.load(connection.type)));
  // One per process: routing by latency, load and quota sees this process's traffic only.
  const stats = new DeploymentStats(() => clock.monotonic());
  const breakers = new CircuitBreakers(() => clock.monotonic());
  // Active health checks' verdicts: the checker writes them, routing defers down connections.
  const connections = new ConnectionHealth();
  const shared = await openLimits(initial.storage.redis, clock, logger);
  const authenticator = new CallerAuthenticator(storage.identities, () => clock.now());
  // Invalidations from other instances. Redis may be down at start: keep trying in the
  // background (lookups still expire after 30 s) rather than refusing to start.
  let subscribeTimer: NodeJS.Timeout | undefined;
  const subscribe = (): void => {
    authenticator.listen(shared.events).catch((error: unknown) => {
      logger.warn('cannot subscribe to identity changes; retrying in 5 s', { error: String(error) });
      subscribeTimer = setTimeout(subscribe, 5000).unref();
    });
  };
  subscribe();
  const limiter = new Limiter(shared.limits, () => clock.now(), () => holder.current().access.budgetAlertThresholds);
  const queue = new AdmissionQueue(limiter, () => clock.now());
  // The server is made below; its in-flight count is read only when metrics are scraped.
  const made: { server?: GatewayServer } = {};
  const observability = await startObservability({ holder, clock, logger, storage, transport, inFlight: () => made.server?.inFlight() ?? 0 });
  const { logWriter } = observability;
  const limits = { queue, registry, onSettleError: (error: unknown) => logger.error('settling limits failed', { error: String(error) }) };
  const pipeline = createChatPipeline({ authenticator, limits, registry, transport, random: Math.random, stats, breakers, responses: storage.responses, connections });
  const healthChecker = new HealthChecker({
    snapshot: () => holder.current(),
    probe: createConnectionProbe({ registry, transport, clock }),
    verdicts: connections,
    clock,
    onChange: ({ connection, status, message }) => {
      if (status === 'down') logger.warn('provider connection down: health check failed', { provider: connection, error: message });
      else logger.info('provider connection up: health check answered', { provider: connection });
    },
  });
  const admin = createAdminHandler({
    requestLog: storage.requestLog,
    analytics: storage.analytics,
    now: () => clock.now(),
    flushRequestLog: () => logWriter.flush(),
    reload: () => {
      const outcome = options.reload();
      // SIGHUP reloads are noticed by the checker's own poll; this one takes effect at once.
      healthChecker.sync();
      return outcome;
    },
    snapshot: () => holder.current(),
    health: () => deploymentHealth(holder.current(), breakers, stats, clock),
    connections: () => connectionHealthReport(holder.current(), connections),
    audit: { store: storage.audit, onError: (error, action) => logger.error('audit append failed: the change was made but is not in the audit log', { action, error: String(error) }) },
    identities: {
      identities: storage.identities,
      now: () => clock.now(),
      // This instance forgets at once; the others hear it through the bus (Redis pub/sub).
      // The write is done: a failed publish must not fail the call (other instances'
      // cached lookups then expire within 30 s).
      changed: async () => {
        authenticator.invalidate();
        await shared.events.publish(IDENTITY_CHANGED_CHANNEL, 'changed').catch((error: unknown) => {
          logger.error('cannot announce an identity change to other instances', { error: String(error) });
        });
      },
    },
  });
  const server = createHttpServer({
    snapshot: () => holder.current(),
    responses: storage.responses,
    pipeline,
    authenticator,
    admin,
    ...(observability.metrics && { metrics: observability.metrics }),
    clock,
    onError: (error) => logger.error('unexpected error', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });

  made.server = server;
  // The chain's head in the process log, an anchor kept outside the database: a later
  // `switchyard audit verify` that prints an older head means entries were cut off.
  const logAuditHead = async (message: string) => {
    const [head] = await storage.audit.list({ limit: 1 }).catch(() => []);
    if (head) logger.info(message, { seq: head.seq, hash: head.hash });
  };
  await logAuditHead('audit head at start');
  return {
    gateway: server,
    async listen() {
      const { host, port } = initial.server;
      await preloading;
      server.server.listen(port, host);
      await once(server.server, 'listening');
      healthChecker.start();
      return server.server.address() as AddressInfo;
    },
    async reloadOnSignal() {
      const before = holder.current();
      const outcome = options.reload();
      if (!outcome.ok) return;
      const version = (snapshot: typeof before) => ({ version: snapshot.version, source: snapshot.source });
      const entry = { at: clock.now(), actor: 'signal:SIGHUP', action: 'config.reload', targetType: 'config', targetId: undefined, before: version(before), after: version(outcome.snapshot), sourceIp: undefined };
      await storage.audit.append(entry).catch((error: unknown) => logger.error('audit append failed: the change was made but is not in the audit log', { action: 'config.reload', error: String(error) }));
    },
    async shutdown() {
      server.startDraining();
      const checksStopped = healthChecker.stop();
      const deadline = clock.monotonic() + holder.current().server.drainTimeoutMs;
      while (server.inFlight() > 0 && clock.monotonic() < deadline) await sleep(25);
      if (server.inFlight() > 0) logger.warn('drain timeout: closing remaining connections', { in_flight: server.inFlight() });
      server.server.closeAllConnections();
      await observability.close();
      await logAuditHead('audit head at shutdown');
      await checksStopped;
      clearTimeout(subscribeTimer);
      await transport.close();
      await storage.close();
      await shared.close();
    },
  };
}
