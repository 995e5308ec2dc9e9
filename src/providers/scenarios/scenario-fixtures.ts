import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../core/chat-request.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/finish-reason.js';
import type { Usage } from '../../core/usage.js';
import type { ProviderConnection, ProviderType } from '../../config/index.js';
import type { Dialect, EncodedRequest } from '../../dialects/dialect.js';
import { SseFrameParser } from '../../upstream/index.js';

/*
 * Support for the `<type>.scenarios.test.ts` files only (STYLE.md 7.6): it reads
 * `__fixtures__/`, asserts with vitest and frames bytes with the real SSE parser, none of
 * which production code may do. Nothing outside a test imports it.
 */

/** Status and headers of a recorded error answer: `<scenario>.meta.json`. */
export interface FixtureMeta {
  status: number;
  /** Lower-cased header names, as a transport reports them. */
  headers: Record<string, string>;
}

/** The recorded files of one provider's scenarios, by file name. */
export interface FixtureReader {
  text(name: string): string;
  bytes(name: string): Uint8Array;
  json(name: string): unknown;
  /** Reads `<scenario>.meta.json`; throws when it lacks a numeric status or string headers. */
  meta(scenario: string): FixtureMeta;
}

/**
 * Reads fixtures from `__fixtures__/` next to the test at `moduleUrl` (pass
 * `import.meta.url`). A file missing there is read from `fallbackFolder` (relative to the
 * test, e.g. `../openai/__fixtures__/`), for a provider that replays another's wire.
 */
export function createFixtureReader(moduleUrl: string, fallbackFolder?: string): FixtureReader {
  const folders = [new URL('./__fixtures__/', moduleUrl), ...(fallbackFolder ? [new URL(fallbackFolder, moduleUrl)] : [])];
  const locate = (name: string): URL => {
    const candidates = folders.map((folder) => new URL(name, folder));
    return candidates.find((candidate) => existsSync(candidate)) ?? candidates[candidates.length - 1]!;
  };
  const text = (name: string): string => readFileSync(locate(name), 'utf8');
  const json = (name: string): unknown => JSON.parse(text(name));
  return {
    text,
    json,
    bytes: (name) => new Uint8Array(readFileSync(locate(name))),
    meta: (scenario) => toFixtureMeta(json(`${scenario}.meta.json`), `${scenario}.meta.json`),
  };
}

function toFixtureMeta(value: unknown, file: string): FixtureMeta {
  const meta = value as Partial<FixtureMeta> | null;
  const headers = meta?.headers;
  const headersValid = typeof headers === 'object' && headers !== null && Object.values(headers).every((header) => typeof header === 'string');
  if (typeof meta?.status !== 'number' || !headersValid) throw new Error(`${file}: expected { "status": number, "headers": { name: string value } }`);
  return { status: meta.status, headers };
}

/** A tool call put together from its streamed start and argument deltas. */
export interface StreamedToolCall {
  toolCallId: string;
  toolName: string;
  argumentsJson: string;
}

/** A decoded stream: every event, and what a client would assemble from them. */
export interface StreamSummary {
  events: ChatStreamEvent[];
  /** Every `text-delta` joined in arrival order; never includes reasoning. */
  text: string;
  reasoning: string;
  /** By `toolIndex`. */
  toolCalls: StreamedToolCall[];
  /** From the last `choice-end`; undefined when no choice ended. */
  finishReason: FinishReason | undefined;
  /** From the last `usage` event; undefined when the stream reported none. */
  usage: Usage | undefined;
}

/**
 * Feeds a raw `.sse` body through the real SSE framer and a fresh stream decoder of
 * `dialect`, as the transport does. Without `chunkSize` the body arrives in one chunk;
 * with it, in chunks of that many bytes, so frames and UTF-8 characters split across
 * chunks are exercised too.
 */
export function decodeSseStream(dialect: Pick<Dialect, 'createStreamDecoder'>, bytes: Uint8Array, chunkSize?: number): StreamSummary {
  const parser = new SseFrameParser();
  const decoder = dialect.createStreamDecoder();
  const events: ChatStreamEvent[] = [];
  const step = chunkSize ?? Math.max(bytes.length, 1);
  for (let start = 0; start < bytes.length; start += step) {
    for (const frame of parser.push(bytes.subarray(start, start + step))) events.push(...decoder.push(frame));
  }
  for (const frame of parser.end()) events.push(...decoder.push(frame));
  events.push(...decoder.end());
  return summarizeStream(events);
}

function summarizeStream(events: ChatStreamEvent[]): StreamSummary {
  const summary: StreamSummary = { events, text: '', reasoning: '', toolCalls: [], finishReason: undefined, usage: undefined };
  for (const event of events) {
    if (event.type === 'text-delta') summary.text += event.delta;
    else if (event.type === 'reasoning-delta') summary.reasoning += event.delta;
    else if (event.type === 'tool-call-start') summary.toolCalls[event.toolIndex] = { toolCallId: event.toolCallId, toolName: event.toolName, argumentsJson: '' };
    else if (event.type === 'tool-call-delta') {
      const call = summary.toolCalls[event.toolIndex];
      if (call) call.argumentsJson += event.argumentsDelta;
    } else if (event.type === 'choice-end') summary.finishReason = event.finishReason;
    else if (event.type === 'usage') summary.usage = event.usage;
  }
  return summary;
}

/**
 * Asserts that an encoded body equals a `<scenario>.request.json` fixture: the same
 * members and values, in any key order, and no extra member (not even an undefined one).
 */
export function expectEncodedLike(encoded: EncodedRequest, expected: unknown): void {
  expect(encoded.body).toStrictEqual(expected);
}

/** Who answered and when, for decoding a recorded error. */
export interface ErrorFixtureContext {
  /** The provider's configured name, echoed in the error's message and `upstream`. */
  provider: string;
  /** Epoch ms, for a `Retry-After` given as an HTTP date. */
  now: number;
  /** Headers added to (or replacing) the recorded ones. */
  headers?: Record<string, string>;
}

/** Decodes `<scenario>.response.json` with the status and headers of `<scenario>.meta.json`. */
export function decodeErrorFixture(dialect: Pick<Dialect, 'decodeError'>, scenario: string, fixtures: FixtureReader, context: ErrorFixtureContext): GatewayError {
  const meta = fixtures.meta(scenario);
  return dialect.decodeError({
    provider: context.provider,
    status: meta.status,
    headers: { ...meta.headers, ...context.headers },
    body: fixtures.text(`${scenario}.response.json`),
    now: context.now,
  });
}

/** A user turn holding one text part, with the optional participant name. */
export function userText(text: string, name?: string): ChatMessage {
  return { role: 'user', content: [{ type: 'text', text }], ...(name ? { name } : {}) };
}

/** A non-streamed request for the model alias `chat` with no sampling settings, then `extra`. */
export function chatRequest(messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'chat', messages, sampling: {}, stream: false, ...extra };
}

/** The second tool of the tool scenarios; each provider's request fixtures encode it. */
export const GET_TIME_TOOL: ToolDefinition = {
  name: 'get_time',
  description: 'Current time in a timezone.',
  parameters: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
};

/** A configured connection as the config compiles it when only `type` is given, then `overrides`. */
export function providerConnection(name: string, type: ProviderType, overrides: Partial<ProviderConnection> = {}): ProviderConnection {
  return { name, type, baseUrl: undefined, apiKey: undefined, timeoutMs: undefined, headers: {}, maxConnections: undefined, streamUsage: true, options: {}, ...overrides };
}
