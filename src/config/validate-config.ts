import type { z } from 'zod';
import { formatConfigPath } from './format-config-path.js';
import { isProviderType, PROVIDER_TYPES } from './provider-types.js';
import type { ProviderType } from './provider-types.js';
import { configSchema, keyOnlyProviderSchema, providerSchemas } from './schema.js';
import type { RawConfig } from './schema.js';
import { validateRouting } from './validate-routing.js';

export type RawProvider = { type: ProviderType } & Record<string, unknown>;

export interface ValidatedConfig {
  config: RawConfig;
  providers: Map<string, RawProvider>;
}

export type ValidationResult = { ok: true; value: ValidatedConfig } | { ok: false; problems: string[] };

function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatConfigPath([...prefix, ...issue.path, key])}: unknown key`).join('\n  ');
    }
    return `${formatConfigPath([...prefix, ...issue.path])}: ${issue.message}`;
  });
}

function schemaForType(type: ProviderType): z.ZodType {
  const specific = providerSchemas[type];
  if (specific) return specific;
  return keyOnlyProviderSchema(type, type === 'openai-compatible');
}

function validateProvider(name: string, value: unknown, problems: string[]): RawProvider | undefined {
  const path = ['providers', name];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${formatConfigPath(path)}: expected an object with a "type"`);
    return undefined;
  }
  const type = (value as Record<string, unknown>).type;
  if (type === undefined) {
    problems.push(`${formatConfigPath([...path, 'type'])}: required (one of ${PROVIDER_TYPES.join(', ')})`);
    return undefined;
  }
  if (!isProviderType(type)) {
    problems.push(`${formatConfigPath([...path, 'type'])}: unknown provider type ${JSON.stringify(type)}`);
    return undefined;
  }
  const parsed = schemaForType(type).safeParse(value);
  if (!parsed.success) {
    problems.push(...describeIssues(parsed.error.issues, path));
    return undefined;
  }
  const provider = parsed.data as RawProvider;
  if (type === 'azure-openai' && provider.api_key === undefined) {
    const usesEntra = provider.tenant_id !== undefined || provider.client_id !== undefined;
    problems.push(
      usesEntra
        ? `${formatConfigPath(path)}: Entra ID (tenant_id/client_id/client_secret) is not supported yet; set api_key`
        : `${formatConfigPath([...path, 'api_key'])}: required`,
    );
    return undefined;
  }
  return provider;
}

/**
 * Checks a parsed, interpolated config document. Collects every problem rather than
 * stopping at the first, so one edit fixes a config.
 */
export function validateConfig(document: unknown): ValidationResult {
  const parsed = configSchema.safeParse(document ?? {});
  const problems = parsed.success ? [] : describeIssues(parsed.error.issues, []);
  const rawProviders = (document as { providers?: unknown } | null)?.providers;
  const providers = new Map<string, RawProvider>();
  if (rawProviders !== null && typeof rawProviders === 'object' && !Array.isArray(rawProviders)) {
    for (const [name, value] of Object.entries(rawProviders)) {
      const provider = validateProvider(name, value, problems);
      if (provider) providers.set(name, provider);
    }
  }
  if (!parsed.success) return { ok: false, problems };
  const config = parsed.data;
  for (const [modelName, model] of Object.entries(config.models)) {
    model.targets.forEach((target, index) => {
      if (!Object.hasOwn(config.providers, target.provider)) {
        problems.push(`${formatConfigPath(['models', modelName, 'targets', index, 'provider'])}: unknown provider ${JSON.stringify(target.provider)}`);
      }
    });
    if (model.strategy === 'usage-based' && model.targets.length > 0 && model.targets.every((target) => target.rpm === undefined && target.tpm === undefined)) {
      problems.push(`${formatConfigPath(['models', modelName, 'strategy'])}: "usage-based" needs an rpm or tpm quota on at least one target`);
    }
    if (model.backoff.max_ms < model.backoff.base_ms) {
      problems.push(`${formatConfigPath(['models', modelName, 'backoff', 'max_ms'])}: must be at least base_ms (${model.backoff.base_ms})`);
    }
  }
  validateRouting(config, problems);
  if (config.storage.database.startsWith('postgres')) {
    problems.push('storage.database: PostgreSQL is not supported yet; use "sqlite:<path>"');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { config, providers } };
}
