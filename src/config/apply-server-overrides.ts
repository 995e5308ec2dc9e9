import type { ConfigSnapshot } from './config-snapshot.js';

export interface ServerOverrides {
  host?: string;
  port?: number;
}

/** Command-line `--host`/`--port` win over the file; the result is a new frozen snapshot. */
export function applyServerOverrides(snapshot: ConfigSnapshot, overrides: ServerOverrides): ConfigSnapshot {
  if (overrides.host === undefined && overrides.port === undefined) return snapshot;
  const server = Object.freeze({ ...snapshot.server, ...(overrides.host !== undefined && { host: overrides.host }), ...(overrides.port !== undefined && { port: overrides.port }) });
  return Object.freeze({ ...snapshot, server });
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
