import type { AdminClient, JsonObject } from './admin-client.js';
import { expectList, expectObject } from './admin-client.js';
import { formatRecord } from './format-record.js';
import type { TableColumn } from './format-table.js';
import { formatTable } from './format-table.js';
import { formatValue } from './format-value.js';
import type { BodyFlag } from './parse-cli-flags.js';
import { CliUsageError } from './parse-cli-flags.js';

/** What an action receives once its command line is parsed. */
export interface ActionInput {
  /** The ID argument; empty for actions that take none. */
  id: string;
  /** Admin API fields from the flags (`rpm_limit`), `null` where an update clears one. */
  fields: JsonObject;
  /** --json: print the gateway's JSON as it came. */
  json: boolean;
}

/** One action of a resource command (`keys create`). */
export interface CommandAction {
  /** What follows the action in the usage, e.g. `ID [FLAGS]`. */
  synopsis: string;
  flags: readonly BodyFlag[];
  takesId: boolean;
  /** An update: `none` clears a field. */
  clears?: boolean;
  /** Makes the calls and returns the text for stdout. */
  run(client: AdminClient, input: ActionInput): Promise<string>;
}

/** `switchyard keys|teams|users`: its actions by name. */
export interface ResourceCommand {
  name: string;
  actions: Readonly<Record<string, CommandAction>>;
  /** What `[FLAGS]` in the synopses stands for: the flags create and update share. */
  flags: readonly BodyFlag[];
}

/** How one admin API collection is shown and changed. */
export interface ResourceSpec {
  /** Singular, for messages: `team`. */
  noun: string;
  /** `/admin/teams` */
  path: string;
  createFlags: readonly BodyFlag[];
  updateFlags: readonly BodyFlag[];
  /** Flags of `list`; their fields become query parameters. */
  listFlags: readonly BodyFlag[];
  /** Flags `create` cannot do without. */
  required: readonly BodyFlag[];
  columns: readonly TableColumn<JsonObject>[];
  /** The text after a create; by default a headline and the record. */
  presentCreated?(record: JsonObject): string;
}

/** The server's JSON, indented, for --json. */
export const toJson = (value: unknown): string => `${JSON.stringify(value ?? null, null, 2)}\n`;

/** `key key_1 "ci"`: what a message calls a record. */
export const describeRecord = (noun: string, record: JsonObject, id: string): string =>
  `${noun} ${formatValue(record.id ?? id)}${typeof record.name === 'string' ? ` "${formatValue(record.name)}"` : ''}`;

/** The path of one record, its id URL-encoded. */
export const recordPath = (spec: Pick<ResourceSpec, 'path'>, id: string, action = ''): string => `${spec.path}/${encodeURIComponent(id)}${action}`;

const spell = (flag: BodyFlag): string => `--${flag.name}${flag.placeholder === undefined ? '' : ` ${flag.placeholder}`}`;
const optional = (flags: readonly BodyFlag[]): string[] => flags.map((flag) => `[${spell(flag)}]`);

/** The flags create and update share: `[FLAGS]` in their synopses. */
export const sharedFlags = (spec: ResourceSpec): BodyFlag[] => spec.createFlags.filter((flag) => spec.updateFlags.includes(flag) && !spec.required.includes(flag));

/** create, list, show, update and delete over one collection; keys swap delete for revoke. */
export function defineResourceActions(spec: ResourceSpec): Record<'create' | 'list' | 'show' | 'update' | 'delete', CommandAction> {
  const plural = `${spec.noun}s`;
  const createOnly = spec.createFlags.filter((flag) => !spec.updateFlags.includes(flag) && !spec.required.includes(flag));
  const updateOnly = spec.updateFlags.filter((flag) => !spec.createFlags.includes(flag) || spec.required.includes(flag));
  return {
    create: {
      synopsis: [...spec.required.map(spell), ...optional(createOnly), '[FLAGS]'].join(' '),
      flags: spec.createFlags,
      takesId: false,
      async run(client, { fields, json }) {
        const missing = spec.required.filter((flag) => fields[flag.field] === undefined);
        if (missing.length > 0) throw new CliUsageError(`${plural} create: ${missing.map((flag) => `--${flag.name}`).join(', ')} is required`);
        const created = expectObject(await client.call({ method: 'POST', path: spec.path, body: fields }), `the created ${spec.noun}`);
        if (json) return toJson(created);
        return spec.presentCreated?.(created) ?? `Created ${describeRecord(spec.noun, created, '')}.\n${formatRecord(created)}`;
      },
    },
    list: {
      synopsis: optional(spec.listFlags).join(' '),
      flags: spec.listFlags,
      takesId: false,
      async run(client, { fields, json }) {
        const query = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, value === null ? undefined : String(value)]));
        const answer = await client.call({ method: 'GET', path: spec.path, query });
        const rows = expectList(answer, `the ${spec.noun} list`);
        if (json) return toJson(answer);
        return rows.length === 0 ? `No ${plural}.\n` : formatTable(spec.columns, rows);
      },
    },
    show: {
      synopsis: 'ID',
      flags: [],
      takesId: true,
      async run(client, { id, json }) {
        const record = expectObject(await client.call({ method: 'GET', path: recordPath(spec, id) }), `the ${spec.noun}`);
        return json ? toJson(record) : formatRecord(record);
      },
    },
    update: {
      synopsis: ['ID', ...optional(updateOnly), '[FLAGS]'].join(' '),
      flags: spec.updateFlags,
      takesId: true,
      clears: true,
      async run(client, { id, fields, json }) {
        if (Object.keys(fields).length === 0) throw new CliUsageError(`${plural} update: nothing to change; pass at least one flag`);
        const updated = expectObject(await client.call({ method: 'PATCH', path: recordPath(spec, id), body: fields }), `the updated ${spec.noun}`);
        return json ? toJson(updated) : `Updated ${describeRecord(spec.noun, updated, id)}.\n${formatRecord(updated)}`;
      },
    },
    delete: {
      synopsis: 'ID',
      flags: [],
      takesId: true,
      async run(client, { id, json }) {
        const answer = await client.call({ method: 'DELETE', path: recordPath(spec, id) });
        return json ? toJson(answer) : `Deleted ${spec.noun} ${formatValue(id)}.\n`;
      },
    },
  };
}
