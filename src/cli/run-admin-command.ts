import { Secret } from '../core/secret.js';
import { AdminClient } from './admin-client.js';
import { keysCommand } from './keys-command.js';
import { CLEAR_VALUE, CliUsageError, parseCliFlags } from './parse-cli-flags.js';
import type { ResourceCommand } from './resource-command.js';
import { teamsCommand } from './teams-command.js';
import { usersCommand } from './users-command.js';

/** Where the CLI writes; process.stdout/stderr in main.ts, buffers in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The gateway the admin commands talk to when neither --url nor SWITCHYARD_URL says. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000';

const RESOURCES: Readonly<Record<string, ResourceCommand>> = { keys: keysCommand, teams: teamsCommand, users: usersCommand };

/** Whether `switchyard <command>` is one of the admin commands (keys, teams, users, audit). */
export function isAdminCommand(command: string | undefined): boolean {
  return command !== undefined && (Object.hasOwn(RESOURCES, command) || command === 'audit');
}

/** The admin commands' lines for the top-level usage. */
export const ADMIN_SYNOPSIS = [
  ...Object.values(RESOURCES).map((resource) => `       switchyard ${resource.name} ${Object.keys(resource.actions).join('|')} ...`),
  '       switchyard audit verify [--config FILE] [--database sqlite:PATH]',
].join('\n');

const FLAG_WIDTH = 22;
const CONNECTION_HELP = `Connection (every action):
  --url URL               the gateway (default: $SWITCHYARD_URL, then ${DEFAULT_GATEWAY_URL})
  --key KEY               master key or admin key (default: $SWITCHYARD_ADMIN_KEY, then
                          $SWITCHYARD_MASTER_KEY; the environment keeps it out of shell history)
  --json                  print the gateway's JSON instead of text
`;

/** `switchyard keys --help`: every action's synopsis and what `[FLAGS]` stands for. */
export function resourceUsage(resource: ResourceCommand): string {
  const lines = Object.entries(resource.actions).map(([name, action], index) => `${index === 0 ? 'Usage: ' : '       '}switchyard ${resource.name} ${name} ${action.synopsis}`.trimEnd());
  const flagLines = resource.flags.map((flag) => `  ${`--${flag.name}${flag.placeholder === undefined ? '' : ` ${flag.placeholder}`}`.padEnd(FLAG_WIDTH)}  ${flag.help}`);
  return `${lines.join('\n')}\n\nFLAGS of create and update (in an update, "--FLAG ${CLEAR_VALUE}" clears a field):\n${flagLines.join('\n')}\n\n${CONNECTION_HELP}`;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

function gatewayUrl(given: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = nonEmpty(given) ?? nonEmpty(env.SWITCHYARD_URL) ?? DEFAULT_GATEWAY_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliUsageError(`--url: expected an http(s) URL such as ${DEFAULT_GATEWAY_URL}, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliUsageError(`--url: expected an http(s) URL, got "${url.protocol}"`);
  if (url.username !== '' || url.password !== '') throw new CliUsageError('--url: must not carry credentials; pass the key with --key or SWITCHYARD_ADMIN_KEY');
  return `${url.origin}${url.pathname}`;
}

/**
 * Runs `switchyard keys|teams|users <action> ...` (argv without the node and script
 * paths) against a running gateway, or `switchyard audit verify` on the database file;
 * resolves with the process exit code. Errors go to stderr as `switchyard: <message>`;
 * the admin key is never printed.
 */
export async function runAdminCommand(argv: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const [resourceName = '', actionName, ...rest] = argv;
  if (resourceName === 'audit') {
    // Loaded on demand: it reads the database file itself (better-sqlite3), the others only speak HTTP.
    const { runAuditCommand } = await import('./audit-command.js');
    return runAuditCommand(argv.slice(1), env, output);
  }
  const resource = isAdminCommand(resourceName) ? RESOURCES[resourceName] : undefined;
  if (resource === undefined) {
    output.stderr(`switchyard: unknown command "${resourceName}"\n`);
    return 1;
  }
  const usage = resourceUsage(resource);
  if (actionName === '--help' || actionName === '-h') {
    output.stdout(usage);
    return 0;
  }
  const action = actionName === undefined || !Object.hasOwn(resource.actions, actionName) ? undefined : resource.actions[actionName];
  if (action === undefined) {
    output.stderr(`switchyard: ${actionName === undefined ? `missing action after "${resource.name}"` : `unknown action "${resource.name} ${actionName}"`}\n\n${usage}`);
    return 1;
  }
  try {
    const parsed = parseCliFlags(rest, action.flags, action.clears === true);
    if (parsed.help) {
      output.stdout(usage);
      return 0;
    }
    const wanted = action.takesId ? 1 : 0;
    if (parsed.positionals.length !== wanted) {
      throw new CliUsageError(wanted === 1 ? `${resource.name} ${actionName}: expected one ID, got ${parsed.positionals.length}` : `${resource.name} ${actionName}: unexpected argument "${parsed.positionals[0]}"`);
    }
    const key = nonEmpty(parsed.key) ?? nonEmpty(env.SWITCHYARD_ADMIN_KEY) ?? nonEmpty(env.SWITCHYARD_MASTER_KEY);
    const client = new AdminClient({ baseUrl: gatewayUrl(parsed.url, env), key: key === undefined ? undefined : new Secret(key) });
    output.stdout(await action.run(client, { id: parsed.positionals[0] ?? '', fields: parsed.fields, json: parsed.json }));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.stderr(`switchyard: ${message}${error instanceof CliUsageError ? ` (see "switchyard ${resource.name} --help")` : ''}\n`);
    return 1;
  }
}
