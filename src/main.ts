#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ADMIN_SYNOPSIS, isAdminCommand, runAdminCommand } from './cli/index.js';
import { applyServerOverrides, ConfigError, findConfigFile, isLoopbackHost, loadConfig, SnapshotHolder } from './config/index.js';
import type { ReloadOutcome, ServerOverrides } from './config/index.js';
import { systemClock } from './core/clock.js';
import { createLogger } from './observability/index.js';

const USAGE = `Usage: switchyard start [--config FILE] [--port N] [--host H] [--insecure]
${ADMIN_SYNOPSIS}

  --config FILE   config file (default: $SWITCHYARD_CONFIG, ./switchyard.yaml, built-in defaults)
  --port N        listen port (overrides server.port)
  --host H        listen address (overrides server.host)
  --insecure      allow a non-loopback host with auth off (no master key)

keys, teams and users manage a running gateway through its admin API (--url, default
$SWITCHYARD_URL or http://127.0.0.1:4000; --key, default $SWITCHYARD_ADMIN_KEY or
$SWITCHYARD_MASTER_KEY). "switchyard keys --help" lists their flags. "audit verify" checks
the audit log's hash chain in the database file itself (no running gateway needed).
`;

function fail(message: string): never {
  process.stderr.write(`switchyard: ${message}\n`);
  process.exit(1);
}

function parseCommandLine(): { command: string | undefined; config?: string; overrides: ServerOverrides; insecure: boolean } {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, insecure: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) fail(`--port: expected 0-65535, got "${values.port}"`);
    return { command: positionals[0], config: values.config, overrides: { port, host: values.host }, insecure: values.insecure === true };
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

async function start(): Promise<void> {
  const options = parseCommandLine();
  if (options.command !== 'start') fail(options.command === undefined ? `missing command\n\n${USAGE}` : `unknown command "${options.command}"\n\n${USAGE}`);
  const logger = createLogger();
  const file = findConfigFile(options.config, process.env, process.cwd());
  const load = (version: number) => applyServerOverrides(loadConfig(file, { env: process.env, version, now: Date.now() }), options.overrides);
  let initial;
  try {
    initial = load(1);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : `cannot load config: ${(error as Error).message}`);
  }
  const { host, port } = initial.server;
  if (initial.masterKey === undefined && !isLoopbackHost(host) && !options.insecure) {
    fail(`auth is off (no auth.master_key / SWITCHYARD_MASTER_KEY), so refusing to listen on "${host}": anyone who can reach it could use your providers. Set a master key, listen on 127.0.0.1, or pass --insecure.`);
  }
  const holder = new SnapshotHolder(initial, load);
  const reload = (): ReloadOutcome => {
    const outcome = holder.reload();
    if (outcome.ok) logger.info('config reloaded', { version: outcome.snapshot.version, source: outcome.snapshot.source });
    else logger.error('config reload refused; the running config stays', { problems: outcome.problems });
    return outcome;
  };
  // Imported here, so the admin commands (keys, teams, users) start without loading the gateway.
  const { createApp } = await import('./app.js');
  const app = await createApp({ holder, clock: systemClock, logger, reload });
  let address;
  try {
    address = await app.listen();
  } catch (error) {
    fail(`cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  logger.info('switchyard listening', { url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`, config: initial.source, auth: initial.masterKey ? 'master key' : 'off' });

  let stopping = false;
  const stop = (signal: string, exitCode = 0) => {
    if (stopping) {
      logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info('shutting down: draining in-flight requests', { signal });
    app.shutdown().then(
      () => {
        logger.info('shutdown complete');
        process.exit(exitCode);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  // A bug in one request must not take down every other request and the unflushed log.
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) }));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception: shutting down', { error: error.stack ?? error.message });
    stop('uncaughtException', 1);
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => void app.reloadOnSignal());
}

const command = process.argv[2];
if (isAdminCommand(command)) {
  // exitCode, not exit(): stdout may still be flushing a long list into a pipe.
  void runAdminCommand(process.argv.slice(2), process.env, { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }).then((code) => {
    process.exitCode = code;
  });
} else {
  void start();
}
