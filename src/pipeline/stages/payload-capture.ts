import type { Principal } from '../../auth/index.js';
import type { ConfigSnapshot } from '../../config/index.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { RequestPayload } from '../../core/request-record.js';
import { redactPii } from '../../guardrails/index.js';
import type { GatewayResult } from '../gateway-context.js';

/** Payload logging for this caller: on for everyone (`payloads.all`), or per key, user or team (`log_payloads`). */
export function decidePayloadCapture(snapshot: ConfigSnapshot, principal: Principal | undefined): { maxBytes: number } | undefined {
  const { payloads } = snapshot.observability;
  const wanted = payloads.all || (principal?.levels?.some((level) => level.policy.logPayloads === true) ?? false);
  return wanted ? { maxBytes: payloads.maxBytes } : undefined;
}

/** Redacted, then cut to `maxBytes` of UTF-8; redaction runs on a bounded prefix, so a huge body costs no more than a small one. */
function redactAndCap(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const prefix = text.length > maxBytes * 2 ? text.slice(0, maxBytes * 2) : text;
  const redacted = redactPii(prefix);
  const bytes = Buffer.byteLength(redacted);
  if (bytes <= maxBytes && prefix === text) return { text: redacted, truncated: false };
  const buffer = Buffer.from(redacted);
  let end = Math.min(maxBytes, buffer.length);
  // Back off to a character boundary (a UTF-8 continuation byte is 10xxxxxx).
  while (end > 0 && end < buffer.length && (buffer[end]! & 0xc0) === 0x80) end -= 1;
  return { text: buffer.subarray(0, end).toString('utf8'), truncated: true };
}

/** The stored payload: the caller's body and the answer, each redacted and capped. */
export function buildPayload(body: unknown, answer: string | undefined, maxBytes: number): RequestPayload {
  const request = redactAndCap(JSON.stringify(body), maxBytes);
  const response = answer === undefined ? undefined : redactAndCap(answer, maxBytes);
  return { request: request.text, response: response?.text, truncated: request.truncated || (response?.truncated ?? false) };
}

/** A whole (non-streamed) answer as text; undefined for streams, which are collected as they pass. */
export function answerText(result: GatewayResult): string | undefined {
  switch (result.kind) {
    case 'chat':
    case 'embeddings':
      return JSON.stringify(result.response);
    case 'raw':
      return result.body.toString('utf8');
    default:
      return undefined;
  }
}

/**
 * Collects what a stream carried, up to a bound: answer text and tool-call arguments of
 * a translated stream, or the raw SSE text of a passed-through one.
 */
export class StreamCollector {
  readonly #limit: number;
  #text = '';

  constructor(maxBytes: number) {
    // Characters, not bytes, bound the collection; the payload is cut to bytes later.
    this.#limit = maxBytes * 2;
  }

  push(item: ChatStreamEvent | string): void {
    if (this.#text.length >= this.#limit) return;
    if (typeof item === 'string') this.#text += item;
    else if (item.type === 'text-delta') this.#text += item.delta;
    else if (item.type === 'tool-call-start') this.#text += `\n[tool call ${item.toolName}] `;
    else if (item.type === 'tool-call-delta') this.#text += item.argumentsDelta;
    if (this.#text.length > this.#limit) this.#text = this.#text.slice(0, this.#limit);
  }

  get text(): string {
    return this.#text;
  }
}
