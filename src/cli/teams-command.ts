import { ADMIN_FLAGS, POLICY_FLAGS } from './admin-flags.js';
import { describeLimits } from './describe-limits.js';
import { formatTime, formatValue } from './format-value.js';
import type { ResourceCommand, ResourceSpec } from './resource-command.js';
import { defineResourceActions, sharedFlags } from './resource-command.js';

const F = ADMIN_FLAGS;

const SPEC: ResourceSpec = {
  noun: 'team',
  path: '/admin/teams',
  createFlags: [F.id, F.name, ...POLICY_FLAGS],
  updateFlags: [F.name, ...POLICY_FLAGS],
  listFlags: [F.limit, F.offset],
  required: [F.name],
  columns: [
    { header: 'ID', cell: (team) => formatValue(team.id) },
    { header: 'NAME', cell: (team) => formatValue(team.name) },
    { header: 'LIMITS', cell: describeLimits },
    { header: 'CREATED', cell: (team) => formatTime(team.created_at) },
  ],
};

/** `switchyard teams create|list|show|update|delete`. */
export const teamsCommand: ResourceCommand = {
  name: 'teams',
  actions: defineResourceActions(SPEC),
  flags: sharedFlags(SPEC),
};
