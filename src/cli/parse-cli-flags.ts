import { parseArgs } from 'node:util';
import { BUDGET_PERIODS } from '../core/access-policy.js';
import type { JsonObject } from './admin-client.js';

/**
 * How a flag's text becomes a JSON value: `count` a whole number from 1, `integer` any
 * whole number, `usd` dollars with up to 6 decimals (the gateway keeps micro-dollars),
 * `list` comma-separated, `time` an ISO 8601 date or time, `object` a JSON object,
 * `switch` a flag without a value that sets `value`.
 */
export type FlagKind = 'text' | 'count' | 'integer' | 'usd' | 'list' | 'period' | 'role' | 'time' | 'object' | 'switch' | 'boolean';

/** One command-line flag that sets one field of an admin API body or query. */
export interface BodyFlag {
  /** Without the dashes: `rpm`. */
  name: string;
  /** The snake_case field it sets: `rpm_limit`. */
  field: string;
  kind: FlagKind;
  /** Shown in the usage after the flag: `N`. */
  placeholder?: string;
  help: string;
  /** For `switch`: the value the field gets. */
  value?: string;
  /** False for fields an update cannot clear with `none` (a key's name, its role). */
  clearable?: boolean;
}

/** A command line the CLI cannot run; the runner adds a pointer to `--help`. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** What a command line says, before any request is made. */
export interface ParsedCliFlags {
  positionals: string[];
  /** Admin API fields from the body flags; `null` where an update clears one with `none`. */
  fields: JsonObject;
  /** --url and --key as given; the runner falls back to the environment. */
  url: string | undefined;
  key: string | undefined;
  json: boolean;
  help: boolean;
}

/** The value that clears a field in an update (the API's `null`). */
export const CLEAR_VALUE = 'none';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const ROLES = ['admin', 'user'];

/**
 * Parses the arguments after `switchyard <resource> <action>`: the connection flags
 * (--url, --key, --json, --help) and the action's body flags, converted and checked.
 * `clears`: the action is an update, where `none` clears a field.
 */
export function parseCliFlags(args: readonly string[], flags: readonly BodyFlag[], clears: boolean): ParsedCliFlags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    url: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const flag of flags) options[flag.name] = { type: flag.kind === 'switch' ? 'boolean' : 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const fields: JsonObject = {};
  for (const flag of flags) {
    const raw = values[flag.name];
    if (raw === undefined || raw === false) continue;
    fields[flag.field] = typeof raw === 'boolean' ? flag.value : convertFlag(flag, raw, clears);
  }
  const text = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return { positionals, fields, url: text('url'), key: text('key'), json: values.json === true, help: values.help === true };
}

/** One flag's text as its JSON value. */
export function convertFlag(flag: BodyFlag, raw: string, clears: boolean): unknown {
  const label = `--${flag.name}`;
  const value = raw.trim();
  if (value === CLEAR_VALUE && clears && flag.clearable !== false) return null;
  if (value === '') throw new CliUsageError(`${label}: expected a value`);
  switch (flag.kind) {
    case 'count':
    case 'integer': {
      const number = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(number) || (flag.kind === 'count' && number < 1)) throw new CliUsageError(`${label}: expected ${flag.kind === 'count' ? 'a whole number from 1' : 'a whole number'}, got "${raw}"`);
      return number;
    }
    case 'usd':
      if (!/^\d+(?:\.\d{1,6})?$/.test(value.replace(/^\$/, ''))) throw new CliUsageError(`${label}: expected dollars such as 25 or 12.50, got "${raw}"`);
      return Number(value.replace(/^\$/, ''));
    case 'list': {
      const items = value.split(',').map((item) => item.trim());
      if (items.some((item) => item === '')) throw new CliUsageError(`${label}: expected a comma-separated list without empty entries, got "${raw}"`);
      return items;
    }
    case 'period':
    case 'role': {
      const allowed: readonly string[] = flag.kind === 'period' ? BUDGET_PERIODS : ROLES;
      if (!allowed.includes(value)) throw new CliUsageError(`${label}: expected ${allowed.join(', ')}; got "${raw}"`);
      return value;
    }
    case 'time': {
      const at = ISO_8601.test(value) && isCalendarDate(value) ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(at)) throw new CliUsageError(`${label}: expected an ISO 8601 date or time such as 2026-12-31 or 2026-12-31T18:00:00Z, got "${raw}"`);
      return new Date(at).toISOString();
    }
    case 'object':
      return parseObject(label, value);
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw new CliUsageError(`${label}: expected true or false, got "${raw}"`);
      return value === 'true';
    default:
      return value;
  }
}

/** Date.parse rolls 2026-02-31 over to March 3rd; a typo must not become a different date. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

function parseObject(label: string, text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliUsageError(`${label}: expected a JSON object such as '{"owner":"ci"}'`);
  return value as JsonObject;
}
