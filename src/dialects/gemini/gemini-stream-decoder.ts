import type { ContentPart } from '../../core/chat-request.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError, type GatewayErrorOptions } from '../../core/errors.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { StreamDecoder } from '../dialect.js';
import { classifyGoogleError } from './classify-google-error.js';
import { decodeGeminiCreateTime } from './decode-gemini-create-time.js';
import { decodeGeminiParts, type ToolCallCounter } from './decode-gemini-parts.js';
import { decodeGeminiUsage } from './decode-gemini-usage.js';
import { geminiResponseSchema, type GeminiCandidateWire, type GeminiResponseWire } from './gemini-wire.js';
import { mapGeminiBlockReason, mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { readGoogleErrorBody, type GoogleErrorDetails } from './read-google-error-body.js';

interface ChoiceState {
  finished: boolean;
  counter: ToolCallCounter;
}

/** A fresh decoder for one `:streamGenerateContent?alt=sse` answer. */
export function createGeminiStreamDecoder(): StreamDecoder {
  return new GeminiStreamDecoder();
}

/**
 * SSE frames of `:streamGenerateContent?alt=sse` -> canonical events. Each `data:` is a
 * complete GenerateContentResponse holding only the new parts. Never throws: malformed
 * JSON or an in-band `{"error": ...}` becomes an `error` event.
 *
 * - The first chunk opens the response (`responseId`, `modelVersion`).
 * - Function calls arrive whole: start, one delta with the full arguments, end.
 * - `usageMetadata` repeats on chunks and grows; only the last one is reported, once,
 *   when the body ends (Gemini sends no `[DONE]`). Output counts of a stream that did
 *   not finish are partial and stay unknown.
 */
class GeminiStreamDecoder implements StreamDecoder {
  #started = false;
  #ended = false;
  /** The newest `usageMetadata`, decoded at the end, when we know whether the answer finished. */
  #usageWire: unknown;
  #interrupted = false;
  readonly #choices = new Map<number, ChoiceState>();

  push(frame: UpstreamFrame): ChatStreamEvent[] {
    if (this.#ended) return [];
    const data = frame.data.trim();
    if (data === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return [streamError('GW_UPSTREAM_ERROR', `malformed JSON chunk: ${data.slice(0, 80)}`)];
    }
    const upstreamError = readGoogleErrorBody(json);
    if (upstreamError) {
      this.#interrupted = true;
      return [inBandError(upstreamError)];
    }
    const parsed = geminiResponseSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid chunk' };
      return [streamError('GW_UPSTREAM_ERROR', `unexpected chunk: ${issue.path}: ${issue.message}`)];
    }
    return this.#decodeChunk(parsed.data);
  }

  end(): ChatStreamEvent[] {
    if (this.#ended) return [];
    this.#ended = true;
    const events: ChatStreamEvent[] = [];
    let complete = !this.#interrupted && this.#choices.size > 0;
    for (const [index, state] of this.#choices) {
      if (state.finished) continue;
      complete = false;
      state.finished = true;
      events.push({ type: 'choice-end', index, finishReason: { unified: 'other' } });
    }
    const usage = decodeGeminiUsage(this.#usageWire, complete);
    if (usage) events.push({ type: 'usage', usage });
    events.push({ type: 'response-end' });
    return events;
  }

  #decodeChunk(chunk: GeminiResponseWire): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push({
        type: 'response-start',
        id: chunk.responseId ?? '',
        model: chunk.modelVersion ?? '',
        createdAt: decodeGeminiCreateTime(chunk.createTime),
      });
    }
    const candidates = chunk.candidates ?? [];
    candidates.forEach((candidate, position) => this.#decodeCandidate(candidate, position, events));
    const blockReason = chunk.promptFeedback?.blockReason;
    if (blockReason && candidates.length === 0) {
      const state = this.#choiceState(0);
      if (!state.finished) {
        state.finished = true;
        events.push({ type: 'choice-end', index: 0, finishReason: mapGeminiBlockReason(blockReason) });
      }
    }
    if (chunk.usageMetadata !== undefined && chunk.usageMetadata !== null) this.#usageWire = chunk.usageMetadata;
    return events;
  }

  #decodeCandidate(candidate: GeminiCandidateWire, position: number, events: ChatStreamEvent[]): void {
    const index = candidate.index ?? position;
    const state = this.#choiceState(index);
    if (state.finished) return;
    let toolIndex = state.counter.next;
    for (const part of decodeGeminiParts(candidate.content?.parts ?? [], index, state.counter)) {
      pushPartEvents(part, index, toolIndex, events);
      if (part.type === 'tool-call') toolIndex += 1;
    }
    if (candidate.finishReason) {
      state.finished = true;
      const finishReason = mapGeminiFinishReason(candidate.finishReason, state.counter.next > 0);
      events.push({ type: 'choice-end', index, finishReason });
    }
  }

  #choiceState(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { finished: false, counter: { next: 0 } };
      this.#choices.set(index, state);
    }
    return state;
  }
}

/** `toolIndex` numbers the call when `part` is one: calls arrive whole, so it opens and closes at once. */
function pushPartEvents(part: ContentPart, index: number, toolIndex: number, events: ChatStreamEvent[]): void {
  if (part.type === 'text') events.push({ type: 'text-delta', index, delta: part.text });
  else if (part.type === 'reasoning') {
    const event: ChatStreamEvent = { type: 'reasoning-delta', index, delta: part.text };
    if (part.signature) event.signature = part.signature;
    events.push(event);
  } else if (part.type === 'tool-call') {
    events.push({ type: 'tool-call-start', index, toolIndex, toolCallId: part.toolCallId, toolName: part.toolName });
    events.push({ type: 'tool-call-delta', index, toolIndex, argumentsDelta: part.argumentsJson });
    events.push({ type: 'tool-call-end', index, toolIndex });
  }
}

function inBandError(details: GoogleErrorDetails): ChatStreamEvent {
  const code = classifyGoogleError(details.code, details);
  const options: GatewayErrorOptions = {};
  if (details.retryDelayMs !== undefined) options.retryAfterMs = details.retryDelayMs;
  return streamError(code, `upstream error: ${details.message ?? details.status ?? 'unknown error'}`, options);
}

function streamError(code: GatewayError['code'], detail: string, options: GatewayErrorOptions = {}): ChatStreamEvent {
  return { type: 'error', error: new GatewayError(code, `gemini stream: ${redactUpstreamMessage(detail)}`, options) };
}
