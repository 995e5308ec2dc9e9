import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compileSnapshot } from './compile-snapshot.js';
import { ConfigError } from './config-error.js';
import type { ConfigSnapshot } from './config-snapshot.js';
import { DEFAULT_CONFIG_DOCUMENT } from './default-config.js';
import { dropEmptyStrings, interpolateEnv } from './interpolate-env.js';
import { validateConfig } from './validate-config.js';

export const DEFAULTS_SOURCE = '(built-in defaults)';

/**
 * CONTRACT.md section 1 lookup order: `--config`, `$SWITCHYARD_CONFIG`,
 * `./switchyard.yaml`, then the built-in defaults. Returns undefined for the defaults.
 */
export function findConfigFile(explicit: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  if (explicit) return resolve(cwd, explicit);
  if (env.SWITCHYARD_CONFIG) return resolve(cwd, env.SWITCHYARD_CONFIG);
  const local = resolve(cwd, 'switchyard.yaml');
  return existsSync(local) ? local : undefined;
}

/** Parses, interpolates, validates and compiles config text. Throws ConfigError. */
export function parseConfigText(
  text: string,
  options: { source: string; env: Readonly<Record<string, string | undefined>>; version: number; now: number },
): ConfigSnapshot {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ConfigError(options.source, [`YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (document !== null && document !== undefined && (typeof document !== 'object' || Array.isArray(document))) {
    throw new ConfigError(options.source, ['(root): expected a mapping of sections (server, providers, models...)']);
  }
  return compileDocument(document ?? {}, options);
}

function compileDocument(
  document: unknown,
  options: { source: string; env: Readonly<Record<string, string | undefined>>; version: number; now: number },
): ConfigSnapshot {
  const interpolated = dropEmptyStrings(interpolateEnv(document, options.env));
  const result = validateConfig(interpolated);
  if (!result.ok) throw new ConfigError(options.source, result.problems);
  return compileSnapshot(result.value, { version: options.version, source: options.source, loadedAt: options.now });
}

/** Loads the config from a file, or the defaults when `file` is undefined. Throws ConfigError. */
export function loadConfig(
  file: string | undefined,
  options: { env: Readonly<Record<string, string | undefined>>; version: number; now: number },
): ConfigSnapshot {
  if (file === undefined) {
    const withEnvMasterKey = options.env.SWITCHYARD_MASTER_KEY
      ? { ...DEFAULT_CONFIG_DOCUMENT, auth: { master_key: '${SWITCHYARD_MASTER_KEY}' } }
      : DEFAULT_CONFIG_DOCUMENT;
    return compileDocument(withEnvMasterKey, { ...options, source: DEFAULTS_SOURCE });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseConfigText(text, { ...options, source: file });
}
