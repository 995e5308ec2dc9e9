import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from '../integration/support/gateway-config.js';
import { startGateway } from '../integration/support/start-gateway.js';
import type { RunningGateway } from '../integration/support/start-gateway.js';

// The real Claude Code and Codex CLIs (pinned in ./package.json, installed by
// `npm ci` here) talk to the real gateway process, which translates to a scripted
// loopback upstream in OpenAI Chat Completions or Gemini format. See README.md.

const MODULES = join(import.meta.dirname, 'node_modules');
const CLAUDE_PACKAGE = join(MODULES, '@anthropic-ai/claude-code');
const CODEX_ENTRY = join(MODULES, '@openai/codex/bin/codex.js');
const INSTALLED = existsSync(join(CLAUDE_PACKAGE, 'package.json')) && existsSync(CODEX_ENTRY);
const INSTALL_HINT = 'the client CLIs are not installed: run `(cd test/clients && npm ci)`';
const RUN_TIMEOUT_MS = 60_000;
const MARKER = 'switchyard-ok';
const COMMAND = `echo ${MARKER}`;
const TOOL_PROMPT = `Use your shell tool to run this command and tell me what it printed: ${COMMAND}`;
const TEXT_PROMPT = 'Reply with the single word pong';
const PATCH_FILE = `${MARKER}.txt`;
const PATCH_PROMPT = `Use apply_patch to add the file ${PATCH_FILE}`;
const PATCH = `*** Begin Patch\n*** Add File: ${PATCH_FILE}\n+${MARKER}\n*** End Patch\n`;

type Json = Record<string, unknown>;

interface UpstreamCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: Json;
  /** What the script decided to answer. */
  answer: 'text' | 'tool-call' | 'final';
  /** Tool result text the upstream received (the last turn's), if any. */
  toolResult?: string;
}

/** The upstream's view of a request, whichever format it came in. */
interface Turn {
  toolNames: string[];
  lastUserText: string;
  toolResult: string | undefined;
}

const records = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const textOf = (content: unknown): string =>
  typeof content === 'string' ? content : records(content).map((part) => (typeof part.text === 'string' ? part.text : '')).join('');

function readOpenAITurn(body: Json): Turn {
  const messages = records(body.messages);
  const last = messages.at(-1);
  return {
    toolNames: records(body.tools).map((tool) => String((tool.function as Json | undefined)?.name)),
    lastUserText: textOf(messages.findLast((message) => message.role === 'user')?.content),
    toolResult: last?.role === 'tool' ? textOf(last.content) : undefined,
  };
}

function readGeminiTurn(body: Json): Turn {
  const parts = records(records(body.contents).at(-1)?.parts);
  const response = parts.find((part) => part.functionResponse !== undefined)?.functionResponse as Json | undefined;
  return {
    toolNames: records(body.tools).flatMap((tool) => records(tool.functionDeclarations).map((declaration) => String(declaration.name))),
    lastUserText: textOf(parts),
    toolResult: response === undefined ? undefined : JSON.stringify(response.response),
  };
}

/**
 * The script: tool result in -> final text quoting it; patch prompt -> an `apply_patch`
 * call (Codex's free-form tool, a one-string function once translated); command prompt
 * -> a shell tool call; else "pong".
 */
function decide(turn: Turn): { answer: UpstreamCall['answer']; text?: string; call?: { name: string; args: Json } } {
  if (turn.toolResult !== undefined) {
    return { answer: 'final', text: `done: ${turn.toolResult.includes(MARKER) ? MARKER : 'the tool printed nothing I expected'}` };
  }
  if (turn.lastUserText.includes(PATCH_PROMPT) && turn.toolNames.includes('apply_patch')) {
    return { answer: 'tool-call', call: { name: 'apply_patch', args: { input: PATCH } } };
  }
  if (turn.lastUserText.includes(COMMAND)) {
    if (turn.toolNames.includes('Bash')) return { answer: 'tool-call', call: { name: 'Bash', args: { command: COMMAND, description: 'Print a marker' } } };
    if (turn.toolNames.includes('exec_command')) return { answer: 'tool-call', call: { name: 'exec_command', args: { cmd: COMMAND } } };
    return { answer: 'final', text: `no shell tool among: ${turn.toolNames.join(', ')}` };
  }
  return { answer: 'text', text: 'pong' };
}

const USAGE = { prompt_tokens: 120, completion_tokens: 7, total_tokens: 127 };
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

function answerOpenAI(response: ServerResponse, body: Json, step: ReturnType<typeof decide>): void {
  const model = String(body.model);
  const base = { id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1, model };
  const call = step.call && { id: 'call_mock_1', type: 'function', function: { name: step.call.name, arguments: JSON.stringify(step.call.args) } };
  const finish = call ? 'tool_calls' : 'stop';
  // `*-no-stream` deployments answer in one JSON body even when asked to stream, as some
  // OpenAI-compatible servers do; the gateway must still stream to its client.
  if (body.stream !== true || model.endsWith('-no-stream')) {
    const message = call ? { role: 'assistant', content: null, tool_calls: [call] } : { role: 'assistant', content: step.text };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage: USAGE }));
    return;
  }
  const chunk = (delta: Json, finishReason: string | null) => sse({ ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] });
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(chunk({ role: 'assistant', content: '' }, null));
  if (call) {
    const args = call.function.arguments;
    response.write(chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
    // Split arguments the way real providers do, to exercise delta reassembly.
    for (const piece of [args.slice(0, 9), args.slice(9)]) response.write(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
  } else {
    for (const piece of (step.text ?? '').match(/.{1,3}/gs) ?? []) response.write(chunk({ content: piece }, null));
  }
  response.write(chunk({}, finish));
  response.write(sse({ ...base, choices: [], usage: USAGE }));
  response.end('data: [DONE]\n\n');
}

function answerGemini(response: ServerResponse, streamed: boolean, step: ReturnType<typeof decide>): void {
  const parts = step.call ? [{ functionCall: { name: step.call.name, args: step.call.args } }] : [{ text: step.text }];
  const usageMetadata = { promptTokenCount: 120, candidatesTokenCount: 7, totalTokenCount: 127 };
  const whole = { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion: 'gemini-2.5-flash', responseId: 'mock-1' };
  if (!streamed) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(whole));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  if (!step.call && step.text) {
    // First the opening of the text, then the rest with the finish reason and usage.
    response.write(sse({ candidates: [{ content: { role: 'model', parts: [{ text: step.text.slice(0, 2) }] }, index: 0 }], modelVersion: 'gemini-2.5-flash' }));
    parts[0] = { text: step.text.slice(2) };
  }
  response.end(sse(whole));
}

/** The scripted upstream; `escapes` lists attempts to reach anything but loopback (the clients' proxies point here). */
async function startScriptedUpstream() {
  const calls: UpstreamCall[] = [];
  const escapes: string[] = [];
  const server = createServer(async (request, response) => {
    const url = request.url ?? '/';
    if (!url.startsWith('/')) {
      escapes.push(`${request.method} ${url}`);
      response.writeHead(502).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
    const gemini = /^\/gemini\/v1beta\/models\/[^/:]+:(generateContent|streamGenerateContent)/.exec(url);
    if (request.method === 'POST' && url === '/v1/chat/completions') {
      const turn = readOpenAITurn(body);
      const step = decide(turn);
      calls.push({ path: url, headers: request.headers, body, answer: step.answer, toolResult: turn.toolResult });
      answerOpenAI(response, body, step);
    } else if (request.method === 'POST' && gemini) {
      const turn = readGeminiTurn(body);
      const step = decide(turn);
      calls.push({ path: url, headers: request.headers, body, answer: step.answer, toolResult: turn.toolResult });
      answerGemini(response, gemini[1] === 'streamGenerateContent', step);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such mock route"}}');
    }
  });
  server.on('connect', (request, socket) => {
    escapes.push(`CONNECT ${request.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolveClose) => server.close(resolveClose));
  };
  return { url: `http://127.0.0.1:${port}`, calls, escapes, close };
}

function gatewayConfig(upstreamUrl: string): string {
  return `
auth: { master_key: ${MASTER_KEY} }
storage: { database: "sqlite:./data/switchyard.db" }
request_log: { flush_interval_ms: 20 }
providers:
  openai-up: { type: openai-compatible, base_url: "${upstreamUrl}/v1", api_key: "sk-upstream-openai" }
  gemini-up: { type: gemini, base_url: "${upstreamUrl}/gemini/v1beta", api_key: "upstream-gemini-key" }
models:
  claude-sonnet-4-5: { targets: [{ provider: openai-up, model: mock-gpt }] }
  gpt-5.5: { targets: [{ provider: openai-up, model: mock-gpt }] }
  claude-haiku-4-5: { targets: [{ provider: gemini-up, model: gemini-2.5-flash }] }
  gpt-5-codex: { targets: [{ provider: gemini-up, model: gemini-2.5-flash }] }
  claude-opus-4-8: { targets: [{ provider: openai-up, model: mock-gpt-no-stream }] }
  gpt-5.4: { targets: [{ provider: openai-up, model: mock-gpt-no-stream }] }
`;
}

interface ClientRun {
  /** The client's working directory. */
  work: string;
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a client in its own process group with stdin closed; the timeout kills the whole group. */
function runClient(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<ClientRun> {
  return new Promise((resolveRun, reject) => {
    // stdin must be closed: `codex exec` appends piped stdin to the prompt and waits for its end.
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, RUN_TIMEOUT_MS);
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      killGroup(); // Anything the client left running in the background.
      resolveRun({ work: cwd, code, stdout, stderr, timedOut });
    });
  });
}

let upstream: Awaited<ReturnType<typeof startScriptedUpstream>>;
let gateway: RunningGateway;
let scratch: string;

/** A fresh HOME and working directory per run; only loopback, with the proxy pointed at the escape trap. */
function clientEnvironment(name: string): { env: Record<string, string>; home: string; work: string } {
  const home = mkdtempSync(join(scratch, `${name}-`));
  const work = join(home, 'work');
  mkdirSync(work);
  const [proxy, local] = [upstream.url, '127.0.0.1,localhost'];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, LANG: 'C.UTF-8' };
  return { env: { ...env, HTTPS_PROXY: proxy, HTTP_PROXY: proxy, https_proxy: proxy, http_proxy: proxy, NO_PROXY: local, no_proxy: local }, home, work };
}

// Until its postinstall has run, the wrapper's bin/claude.exe is a small stub; the
// platform package always holds the real binary.
function claudeBinary(): string {
  const wrapper = join(CLAUDE_PACKAGE, 'bin/claude.exe');
  if (statSync(wrapper).size > 1_000_000) return wrapper;
  return join(MODULES, `@anthropic-ai/claude-code-${process.platform}-${process.arch}/claude`);
}

async function runClaude(model: string, prompt: string): Promise<ClientRun> {
  const { env, work } = clientEnvironment('claude');
  const args = ['-p', prompt, '--model', model, '--output-format', 'json', '--no-session-persistence', '--allowedTools', 'Bash'];
  const gatewayEnv = { ANTHROPIC_BASE_URL: gateway.url, ANTHROPIC_API_KEY: MASTER_KEY, ANTHROPIC_SMALL_FAST_MODEL: model, ANTHROPIC_DEFAULT_HAIKU_MODEL: model };
  const quiet = { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1', CLAUDE_CODE_MAX_RETRIES: '0' };
  return runClient(claudeBinary(), args, { ...env, ...gatewayEnv, ...quiet }, work);
}

async function runCodex(model: string, prompt: string): Promise<ClientRun> {
  const { env, home, work } = clientEnvironment('codex');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome);
  writeFileSync(
    join(codexHome, 'config.toml'),
    `model = "${model}"\nmodel_provider = "switchyard"\ncheck_for_update_on_startup = false\n[analytics]\nenabled = false\n` +
      `[model_providers.switchyard]\nname = "Switchyard"\nbase_url = "${gateway.url}/v1"\nenv_key = "SWITCHYARD_API_KEY"\n` +
      'wire_api = "responses"\nrequest_max_retries = 0\nstream_max_retries = 0\n',
  );
  // The sandbox is Codex's own business; bypassing it keeps the run independent of the
  // CI machine's namespaces (the mock only asks for an echo and a one-file patch in a temp directory).
  const args = [CODEX_ENTRY, 'exec', '--skip-git-repo-check', '--ephemeral', '--json', '--disable', 'plugins', '--dangerously-bypass-approvals-and-sandbox', prompt];
  return runClient(process.execPath, args, { ...env, CODEX_HOME: codexHome, SWITCHYARD_API_KEY: MASTER_KEY }, work);
}

/** Codex's `--json` events (one JSON object a line). */
const codexEvents = (stdout: string) =>
  stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { type?: string; item?: Json; usage?: Json });
const codexAnswer = (stdout: string) => codexEvents(stdout).findLast((event) => event.type === 'item.completed' && event.item?.type === 'agent_message')?.item?.text;
const codexUsage = (stdout: string) => codexEvents(stdout).findLast((event) => event.type === 'turn.completed')?.usage;

const claudeAnswer = (stdout: string) => JSON.parse(stdout) as Json;

/** A `GET /admin/logs` row; the tests read `warnings` and match the rest. */
type LogRow = Json & { warnings: string[] };

/** The request log rows of one client model since `fromMs`, newest first; waits for the log's flush. */
async function logRows(model: string, fromMs: number, expected: number): Promise<LogRow[]> {
  let rows: LogRow[] = [];
  for (let attempt = 0; attempt < 50 && rows.length < expected; attempt += 1) {
    if (attempt > 0) await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    const query = `limit=100&model=${encodeURIComponent(model)}&from=${fromMs}`;
    const response = await fetch(`${gateway.url}/admin/logs?${query}`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(response.status).toBe(200);
    rows = ((await response.json()) as { data: LogRow[] }).data;
  }
  return rows;
}

/** One client run: what it printed, what reached the upstream, and the gateway's log rows for it. */
async function exchange(model: string, client: (model: string) => Promise<ClientRun>): Promise<{ run: ClientRun; calls: UpstreamCall[]; rows: LogRow[] }> {
  const fromMs = Date.now();
  const before = upstream.calls.length;
  const run = await client(model);
  const calls = upstream.calls.slice(before);
  const tail = (text: string) => text.slice(-3000);
  const diagnosis =
    `exit ${run.code}${run.timedOut ? ` (killed after ${RUN_TIMEOUT_MS} ms)` : ''}\nstdout: ${tail(run.stdout)}\nstderr: ${tail(run.stderr)}\n` +
    `gateway stderr: ${tail(gateway.stderr())}\nupstream answered: ${calls.map((call) => call.answer).join(', ') || 'nothing'}`;
  expect(run.code, diagnosis).toBe(0);
  expect(upstream.escapes, 'a client tried to reach a host other than loopback').toEqual([]);
  for (const call of calls) {
    // The client's credentials and Anthropic/Codex headers stay at the gateway.
    expect(JSON.stringify(call.headers)).not.toContain(MASTER_KEY);
    expect(Object.keys(call.headers).filter((name) => /^(anthropic-|x-api-key|x-codex|session-id)/.test(name))).toEqual([]);
  }
  return { run, calls, rows: await logRows(model, fromMs, calls.length) };
}

const claude = (prompt: string) => (model: string) => runClaude(model, prompt);
const codex = (prompt: string) => (model: string) => runCodex(model, prompt);
const RUN_BUDGET = { timeout: RUN_TIMEOUT_MS + 10_000 };

/** Every call of the run is one 200 row of the client's endpoint, served by the expected deployment. */
function expectLogged(rows: LogRow[], count: number, endpoint: string, provider: string, deployment: string): void {
  expect(rows).toHaveLength(count);
  for (const row of rows) {
    expect(row).toMatchObject({ endpoint, provider, deployment_model: deployment, status: 200, stream: true, input_tokens: 120, output_tokens: 7 });
  }
}

/** The client's own prompt and tools arrived as OpenAI system messages and function tools. */
function expectOpenAIPrompt(body: Json, identity: string, tool: string, parameter: string, prompt: string): void {
  const messages = records(body.messages);
  expect(messages[0]?.role).toBe('system');
  expect(textOf(messages[0]?.content)).toContain(identity);
  expect(textOf(messages.findLast((message) => message.role === 'user')?.content)).toContain(prompt);
  const declared = records(body.tools).find((entry) => (entry.function as Json | undefined)?.name === tool);
  expect(declared).toMatchObject({ type: 'function', function: { parameters: { type: 'object', properties: { [parameter]: { type: 'string' } } } } });
}

/** Turn 2 replays the mock's call and carries the tool's real output as an OpenAI `tool` message. */
function expectOpenAIToolResult(calls: UpstreamCall[], tool: string): Json {
  expect(calls.map((call) => call.answer)).toEqual(['tool-call', 'final']);
  const messages = records(calls[1]!.body.messages);
  const assistant = messages.at(-2);
  expect(assistant).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_mock_1', type: 'function', function: { name: tool } }] });
  expect(JSON.parse(String((records(assistant?.tool_calls)[0]?.function as Json).arguments))).toMatchObject({ [tool === 'Bash' ? 'command' : 'cmd']: COMMAND });
  const result = messages.at(-1)!;
  expect(result).toMatchObject({ role: 'tool', tool_call_id: 'call_mock_1' });
  expect(textOf(result.content)).toContain(MARKER);
  // The output, not the command: the shell really ran.
  expect(textOf(result.content)).not.toContain('echo');
  return result;
}

/** Codex's own event stream shows the command it ran and its output. */
function expectCodexRan(stdout: string): void {
  const ran = stdout.split('\n').filter((line) => line.includes('"command_execution"')).map((line) => JSON.parse(line) as { type: string; item: Json });
  expect(ran.find((event) => event.type === 'item.completed')?.item).toMatchObject({ aggregated_output: `${MARKER}\n`, exit_code: 0, status: 'completed' });
}

const geminiTurnParts = (body: Json, index: number) => records(records(body.contents).at(index)?.parts);

/** The client's prompt became Gemini's systemInstruction and its tools functionDeclarations with JSON Schema. */
function expectGeminiPrompt(call: UpstreamCall, identity: string, tool: string, parameter: string): void {
  expect(call.path).toBe('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  expect(call.headers['x-goog-api-key']).toBe('upstream-gemini-key');
  expect(textOf(records((call.body.systemInstruction as Json | undefined)?.parts))).toContain(identity);
  const declarations = records(call.body.tools).flatMap((entry) => records(entry.functionDeclarations));
  expect(declarations.find((declaration) => declaration.name === tool)).toMatchObject({ parametersJsonSchema: { properties: { [parameter]: { type: 'string' } } } });
}

function expectGeminiToolResult(calls: UpstreamCall[], tool: string, args: Json): void {
  expect(calls.map((call) => call.answer)).toEqual(['tool-call', 'final']);
  expect(geminiTurnParts(calls[1]!.body, -2)).toContainEqual({ functionCall: { name: tool, args } });
  expect(geminiTurnParts(calls[1]!.body, -1)[0]).toMatchObject({ functionResponse: { name: tool } });
  expect(calls[1]!.toolResult).toContain(MARKER);
  expect(calls[1]!.toolResult).not.toContain('echo');
}

// A developer's `npm test` without the client install passes; CI must install them.
it.runIf(!INSTALLED && Boolean(process.env.CI))('client CLIs are installed for CI', () => {
  expect.fail(`${INSTALL_HINT} (CI is set, so these end-to-end tests may not be skipped)`);
});

describe.skipIf(!INSTALLED)(`Claude Code and Codex CLI through Switchyard${INSTALLED ? '' : ` (skipped: ${INSTALL_HINT})`}`, () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'switchyard-clients-'));
    upstream = await startScriptedUpstream();
    gateway = await startGateway(gatewayConfig(upstream.url));
  });

  afterAll(async () => {
    await gateway?.stop();
    await upstream?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  describe('model served by an OpenAI Chat Completions upstream', () => {
    it('Claude Code: a plain text turn', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('claude-sonnet-4-5', claude(TEXT_PROMPT));
      expect(claudeAnswer(run.stdout)).toMatchObject({ result: 'pong', is_error: false, usage: { input_tokens: 120, output_tokens: 7 } });
      expect(calls).toHaveLength(1);
      expect(calls[0]!).toMatchObject({ path: '/v1/chat/completions', headers: { authorization: 'Bearer sk-upstream-openai' } });
      expect(calls[0]!.body).toMatchObject({ model: 'mock-gpt', stream: true });
      expectOpenAIPrompt(calls[0]!.body, 'Claude', 'Bash', 'command', TEXT_PROMPT);
      expectLogged(rows, 1, '/v1/messages', 'openai-up', 'mock-gpt');
    });

    it('Claude Code: Bash tool round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('claude-sonnet-4-5', claude(TOOL_PROMPT));
      expect(claudeAnswer(run.stdout)).toMatchObject({ result: `done: ${MARKER}`, is_error: false });
      expectOpenAIPrompt(calls[0]!.body, 'Claude', 'Bash', 'command', COMMAND);
      expect(textOf(expectOpenAIToolResult(calls, 'Bash').content)).toBe(MARKER);
      expectLogged(rows, 2, '/v1/messages', 'openai-up', 'mock-gpt');
    });

    it('Codex: a plain text turn', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('gpt-5.5', codex(TEXT_PROMPT));
      expect(codexAnswer(run.stdout)).toBe('pong');
      expect(codexUsage(run.stdout)).toMatchObject({ input_tokens: 120, output_tokens: 7 });
      expect(calls).toHaveLength(1);
      expect(calls[0]!.body).toMatchObject({ model: 'mock-gpt', stream: true });
      // Codex sends its base prompt as `developer` input items, which reach OpenAI Chat as system messages.
      expectOpenAIPrompt(calls[0]!.body, 'Codex', 'exec_command', 'cmd', TEXT_PROMPT);
      // Both developer items (base prompt; permissions and skills) are there, before the user turns.
      expect(records(calls[0]!.body.messages).map((message) => message.role)).toEqual(['system', 'system', 'user', 'user']);
      expectLogged(rows, 1, '/v1/responses', 'openai-up', 'mock-gpt');
      // Hosted tools cannot run elsewhere: dropped, and the log says so.
      expect(rows[0]!.warnings.join('\n')).toContain('"web_search"');
    });

    it('Codex: exec_command tool round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('gpt-5.5', codex(TOOL_PROMPT));
      expect(codexAnswer(run.stdout)).toBe(`done: ${MARKER}`);
      expectCodexRan(run.stdout);
      expect(textOf(expectOpenAIToolResult(calls, 'exec_command').content)).toContain(`Output:\n${MARKER}`);
      expectLogged(rows, 2, '/v1/responses', 'openai-up', 'mock-gpt');
    });

    it('Codex: apply_patch (a custom tool) round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('gpt-5.5', codex(PATCH_PROMPT));
      const offered = records(calls[0]!.body.tools).find((entry) => (entry.function as Json | undefined)?.name === 'apply_patch');
      expect(offered, 'Codex\'s custom apply_patch tool did not reach the upstream as a function tool').toMatchObject({
        type: 'function',
        function: { parameters: { properties: { input: { type: 'string' } }, required: ['input'] } },
      });
      expect(codexAnswer(run.stdout)).toBe(`done: ${MARKER}`);
      expect(calls.map((call) => call.answer)).toEqual(['tool-call', 'final']);
      const messages = records(calls[1]!.body.messages);
      expect(messages.at(-2)).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_mock_1', function: { name: 'apply_patch', arguments: JSON.stringify({ input: PATCH }) } }] });
      expect(messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_mock_1' });
      expect(textOf(messages.at(-1)?.content)).toContain(`A ${PATCH_FILE}`);
      expect(readFileSync(join(run.work, PATCH_FILE), 'utf8')).toBe(`${MARKER}\n`);
      expectLogged(rows, 2, '/v1/responses', 'openai-up', 'mock-gpt');
    });
  });

  describe('model served by an OpenAI upstream that answers in one JSON body', () => {
    it('Claude Code (claude-opus-4-8 request shape): Bash tool round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('claude-opus-4-8', claude(TOOL_PROMPT));
      expect(claudeAnswer(run.stdout)).toMatchObject({ result: `done: ${MARKER}`, is_error: false });
      expect(calls[0]!.body).toMatchObject({ model: 'mock-gpt-no-stream', stream: true });
      expectOpenAIPrompt(calls[0]!.body, 'Claude', 'Bash', 'command', COMMAND);
      expectOpenAIToolResult(calls, 'Bash');
      expectLogged(rows, 2, '/v1/messages', 'openai-up', 'mock-gpt-no-stream');
    });

    it('Codex (gpt-5.4, no bundled metadata): exec_command tool round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('gpt-5.4', codex(TOOL_PROMPT));
      expect(codexAnswer(run.stdout)).toBe(`done: ${MARKER}`);
      expectCodexRan(run.stdout);
      expectOpenAIPrompt(calls[0]!.body, 'Codex', 'exec_command', 'cmd', COMMAND);
      expectOpenAIToolResult(calls, 'exec_command');
      expectLogged(rows, 2, '/v1/responses', 'openai-up', 'mock-gpt-no-stream');
    });
  });

  describe('model served by a Gemini upstream', () => {
    it('Claude Code: a plain text turn', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('claude-haiku-4-5', claude(TEXT_PROMPT));
      expect(claudeAnswer(run.stdout)).toMatchObject({ result: 'pong', is_error: false });
      expect(calls).toHaveLength(1);
      expectGeminiPrompt(calls[0]!, 'Claude', 'Bash', 'command');
      expectLogged(rows, 1, '/v1/messages', 'gemini-up', 'gemini-2.5-flash');
    });

    it('Claude Code: Bash tool round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('claude-haiku-4-5', claude(TOOL_PROMPT));
      expect(claudeAnswer(run.stdout)).toMatchObject({ result: `done: ${MARKER}`, is_error: false });
      expectGeminiToolResult(calls, 'Bash', { command: COMMAND, description: 'Print a marker' });
      expectLogged(rows, 2, '/v1/messages', 'gemini-up', 'gemini-2.5-flash');
    });

    it('Codex: a plain text turn', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('gpt-5-codex', codex(TEXT_PROMPT));
      expect(codexAnswer(run.stdout)).toBe('pong');
      expect(calls).toHaveLength(1);
      expectGeminiPrompt(calls[0]!, 'Codex', 'exec_command', 'cmd');
      expectLogged(rows, 1, '/v1/responses', 'gemini-up', 'gemini-2.5-flash');
    });

    it('Codex: exec_command tool round trip', RUN_BUDGET, async () => {
      const { run, calls, rows } = await exchange('gpt-5-codex', codex(TOOL_PROMPT));
      expect(codexAnswer(run.stdout)).toBe(`done: ${MARKER}`);
      expectCodexRan(run.stdout);
      expectGeminiToolResult(calls, 'exec_command', { cmd: COMMAND });
      expectLogged(rows, 2, '/v1/responses', 'gemini-up', 'gemini-2.5-flash');
    });
  });
});
