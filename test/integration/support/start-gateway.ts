import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const MAIN = resolve(import.meta.dirname, '../../../dist/src/main.js');

export interface RunningGateway {
  url: string;
  process: ChildProcess;
  directory: string;
  configPath: string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Waits for the process to exit; returns its exit code. */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the real `switchyard` process (the built dist) on a free loopback port. */
/** `configYaml: undefined` starts with no config file at all (the built-in defaults). */
export async function startGateway(configYaml: string | undefined, options: { env?: Record<string, string>; args?: string[] } = {}): Promise<RunningGateway> {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-it-'));
  const configPath = join(directory, 'switchyard.yaml');
  if (configYaml !== undefined) writeFileSync(configPath, configYaml);
  const configArgs = configYaml === undefined ? [] : ['--config', configPath];
  const child = spawn(process.execPath, [MAIN, 'start', ...configArgs, '--port', '0', ...(options.args ?? [])], {
    cwd: directory,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exit = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${stderr}`)), 15_000);
    child.stderr!.on('data', (data: Buffer) => {
      stderr += data.toString('utf8');
      const match = /"message":"switchyard listening","url":"([^"]+)"/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url,
    process: child,
    directory,
    configPath,
    stderr: () => stderr,
    exited: () => exit,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** Runs the CLI to completion (for start-up refusals); returns exit code and stderr. */
export async function runGatewayExpectingExit(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  return { code, stderr };
}
