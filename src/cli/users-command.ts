import { ADMIN_FLAGS, POLICY_FLAGS } from './admin-flags.js';
import { describeLimits } from './describe-limits.js';
import { formatTime, formatValue } from './format-value.js';
import type { ResourceCommand, ResourceSpec } from './resource-command.js';
import { defineResourceActions, sharedFlags } from './resource-command.js';

const F = ADMIN_FLAGS;
const USER_FLAGS = [F.name, F.email, F.team, ...POLICY_FLAGS];

const SPEC: ResourceSpec = {
  noun: 'user',
  path: '/admin/users',
  createFlags: [F.id, ...USER_FLAGS],
  updateFlags: USER_FLAGS,
  listFlags: [F.team, F.limit, F.offset],
  required: [],
  columns: [
    { header: 'ID', cell: (user) => formatValue(user.id) },
    { header: 'NAME', cell: (user) => formatValue(user.name) },
    { header: 'EMAIL', cell: (user) => formatValue(user.email) },
    { header: 'TEAM', cell: (user) => formatValue(user.team_id) },
    { header: 'LIMITS', cell: describeLimits },
    { header: 'CREATED', cell: (user) => formatTime(user.created_at) },
  ],
};

/** `switchyard users create|list|show|update|delete`; a user's name is optional (JWT users may have none). */
export const usersCommand: ResourceCommand = {
  name: 'users',
  actions: defineResourceActions(SPEC),
  flags: sharedFlags(SPEC),
};
