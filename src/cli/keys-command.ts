import type { JsonObject } from './admin-client.js';
import { AdminApiError, expectObject } from './admin-client.js';
import { ADMIN_FLAGS, POLICY_FLAGS } from './admin-flags.js';
import { describeLimits } from './describe-limits.js';
import { formatRecord } from './format-record.js';
import { formatTime, formatValue } from './format-value.js';
import type { ResourceCommand, ResourceSpec } from './resource-command.js';
import { defineResourceActions, describeRecord, recordPath, sharedFlags, toJson } from './resource-command.js';

const F = ADMIN_FLAGS;
const KEY_FLAGS = [F.name, F.team, F.user, ...POLICY_FLAGS, F.expires, F.priority, F.queueTimeout];

const KEYS: ResourceSpec = {
  noun: 'key',
  path: '/admin/keys',
  createFlags: [...KEY_FLAGS, F.admin],
  updateFlags: [...KEY_FLAGS, F.role],
  listFlags: [F.team, F.user, F.limit, F.offset],
  required: [F.name],
  presentCreated: (created) => withSecret(`Created ${describeRecord('key', created, '')}.`, created),
  columns: [
    { header: 'ID', cell: (key) => formatValue(key.id) },
    { header: 'NAME', cell: (key) => formatValue(key.name) },
    { header: 'PREFIX', cell: (key) => formatValue(key.key_prefix) },
    { header: 'ROLE', cell: (key) => formatValue(key.role) },
    { header: 'TEAM', cell: (key) => formatValue(key.team_id) },
    { header: 'USER', cell: (key) => formatValue(key.user_id) },
    { header: 'LIMITS', cell: describeLimits },
    { header: 'EXPIRES', cell: (key) => formatTime(key.expires_at) },
    { header: 'REVOKED', cell: (key) => formatTime(key.revoked_at) },
  ],
};

/** The secret goes last, alone on its line, so it is the one thing on screen to copy. */
function withSecret(headline: string, key: JsonObject): string {
  const secret = key.key;
  if (typeof secret !== 'string' || secret === '') throw new AdminApiError('unexpected answer from the gateway: no secret "key" in it');
  return `${headline}\n${formatRecord(key, ['key'])}\nSecret (shown only once; store it now, it cannot be recovered):\n\n    ${formatValue(secret)}\n\n`;
}

const crud = defineResourceActions(KEYS);

/** `switchyard keys create|list|show|update|revoke|rotate`. */
export const keysCommand: ResourceCommand = {
  name: 'keys',
  flags: sharedFlags(KEYS),
  actions: {
    create: crud.create,
    list: crud.list,
    show: crud.show,
    update: crud.update,
    revoke: {
      synopsis: 'ID',
      flags: [],
      takesId: true,
      async run(client, { id, json }) {
        const revoked = expectObject(await client.call({ method: 'DELETE', path: recordPath(KEYS, id) }), 'the revoked key');
        return json ? toJson(revoked) : `Revoked ${describeRecord('key', revoked, id)} at ${formatTime(revoked.revoked_at)}: it no longer works.\n`;
      },
    },
    rotate: {
      synopsis: 'ID',
      flags: [],
      takesId: true,
      async run(client, { id, json }) {
        const rotated = expectObject(await client.call({ method: 'POST', path: recordPath(KEYS, id, '/rotate') }), 'the rotated key');
        return json ? toJson(rotated) : withSecret(`Rotated ${describeRecord('key', rotated, id)}: the old secret no longer works.`, rotated);
      },
    },
  },
};
