import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/finish-reason.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { StreamDecoder } from '../dialect.js';
import {
  anthropicContentBlockSchemas,
  anthropicStreamEventSchemas,
  type AnthropicStreamEventType,
  type AnthropicStreamEventWire,
} from './anthropic-messages-wire.js';
import { decodeAnthropicStreamError, readAnthropicErrorBody } from './decode-anthropic-error.js';
import { decodeAnthropicUsage, mergeAnthropicUsage } from './decode-anthropic-usage.js';
import { JSON_RESPONSE_TOOL_NAME } from './json-response-tool.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { redactedThinkingSignature } from './redacted-thinking-signature.js';

/** What a content block index stands for: a tool call, the JSON answer tool, or plain output. */
type BlockState = { kind: 'tool'; toolIndex: number; hasArguments: boolean } | { kind: 'json'; hasArguments: boolean } | { kind: 'content' };

/** A fresh decoder for one streamed Messages answer. */
export function createAnthropicStreamDecoder(): StreamDecoder {
  return new AnthropicStreamDecoder();
}

/**
 * Messages SSE events -> canonical events (https://docs.anthropic.com/en/docs/build-with-claude/streaming).
 * Never throws. A tool call opens at its `content_block_start` and closes at its
 * `content_block_stop`; one that streamed no arguments gets `{}` so callers always read
 * a JSON object. The JSON answer tool streams as text. Usage of `message_start` and
 * `message_delta` is merged and sent once, with the finish reason, at `message_delta`.
 * An `error` event ends the stream with an `error` event carrying the mapped kind
 * (`overloaded_error` stays retryable); a malformed event becomes an `error` event and
 * decoding goes on. Unknown event and block types are skipped, as Anthropic's
 * versioning policy asks.
 */
class AnthropicStreamDecoder implements StreamDecoder {
  #started = false;
  #ended = false;
  #choiceEnded = false;
  #usageSent = false;
  #startUsage: unknown;
  #stopReason: string | undefined;
  #toolCount = 0;
  #answeredInJson = false;
  readonly #blocks = new Map<number, BlockState>();

  push(frame: UpstreamFrame): ChatStreamEvent[] {
    if (this.#ended) return [];
    const data = frame.data.trim();
    if (data === '') return [];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return [streamError(`malformed JSON event: ${data.slice(0, 80)}`)];
    }
    const declared = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
    const type = typeof declared === 'string' ? declared : frame.event;
    if (type === 'error') return this.#fail(json);
    if (type === 'message_stop') return this.#finish();
    if (type === undefined || !Object.hasOwn(anthropicStreamEventSchemas, type)) return [];
    const eventType = type as Exclude<AnthropicStreamEventType, 'error'>;
    const parsed = anthropicStreamEventSchemas[eventType].safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid event' };
      return [streamError(`unexpected ${eventType} event: ${issue.path}: ${issue.message}`)];
    }
    const events: ChatStreamEvent[] = [];
    this.#decode(eventType, parsed.data, events);
    return events;
  }

  end(): ChatStreamEvent[] {
    return this.#ended ? [] : this.#finish();
  }

  #decode(type: Exclude<AnthropicStreamEventType, 'error'>, event: unknown, events: ChatStreamEvent[]): void {
    if (type === 'message_start') {
      const start = event as AnthropicStreamEventWire<'message_start'>;
      this.#startUsage = start.message.usage ?? undefined;
      this.#ensureStarted(events, start.message.id ?? '', start.message.model ?? '');
      return;
    }
    this.#ensureStarted(events, '', '');
    if (type === 'content_block_start') this.#startBlock(event as AnthropicStreamEventWire<'content_block_start'>, events);
    else if (type === 'content_block_delta') this.#delta(event as AnthropicStreamEventWire<'content_block_delta'>, events);
    else if (type === 'content_block_stop') this.#stopBlock((event as AnthropicStreamEventWire<'content_block_stop'>).index, events);
    else this.#messageDelta(event as AnthropicStreamEventWire<'message_delta'>, events);
  }

  #ensureStarted(events: ChatStreamEvent[], id: string, model: string): void {
    if (this.#started) return;
    this.#started = true;
    events.push({ type: 'response-start', id, model, createdAt: 0 });
  }

  #startBlock(event: AnthropicStreamEventWire<'content_block_start'>, events: ChatStreamEvent[]): void {
    const block = event.content_block;
    this.#blocks.set(event.index, { kind: 'content' });
    if (!Object.hasOwn(anthropicContentBlockSchemas, block.type)) return;
    const parsed = anthropicContentBlockSchemas[block.type as keyof typeof anthropicContentBlockSchemas].safeParse(block);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const issue = first ? formatWireIssue(first, ['content_block']) : { path: 'content_block', message: 'invalid block' };
      events.push(streamError(`unexpected content_block_start event: ${issue.path}: ${issue.message}`));
      return;
    }
    const data = parsed.data;
    switch (data.type) {
      case 'text':
        if (data.text !== '') events.push({ type: 'text-delta', index: 0, delta: data.text });
        return;
      case 'thinking':
        if (data.thinking !== '') events.push({ type: 'reasoning-delta', index: 0, delta: data.thinking });
        if (data.signature) events.push({ type: 'reasoning-delta', index: 0, delta: '', signature: data.signature });
        return;
      case 'redacted_thinking':
        events.push({ type: 'reasoning-delta', index: 0, delta: '', signature: redactedThinkingSignature(data.data) });
        return;
      case 'tool_use':
        this.#startTool(event.index, data, events);
    }
  }

  #startTool(index: number, block: { id: string; name: string; input?: unknown }, events: ChatStreamEvent[]): void {
    // Anthropic opens a tool call with `input: {}` and streams the arguments; a sender
    // that puts the whole input in the start event is read as one delta.
    const initial = isNonEmptyObject(block.input) ? JSON.stringify(block.input) : undefined;
    if (block.name === JSON_RESPONSE_TOOL_NAME) {
      this.#answeredInJson = true;
      this.#blocks.set(index, { kind: 'json', hasArguments: initial !== undefined });
      if (initial !== undefined) events.push({ type: 'text-delta', index: 0, delta: initial });
      return;
    }
    const toolIndex = this.#toolCount;
    this.#toolCount += 1;
    this.#blocks.set(index, { kind: 'tool', toolIndex, hasArguments: initial !== undefined });
    events.push({ type: 'tool-call-start', index: 0, toolIndex, toolCallId: block.id, toolName: block.name });
    if (initial !== undefined) events.push({ type: 'tool-call-delta', index: 0, toolIndex, argumentsDelta: initial });
  }

  #delta(event: AnthropicStreamEventWire<'content_block_delta'>, events: ChatStreamEvent[]): void {
    const delta = event.delta;
    const block = this.#blocks.get(event.index);
    switch (delta.type) {
      case 'text_delta':
        if (delta.text) events.push({ type: 'text-delta', index: 0, delta: delta.text });
        return;
      case 'thinking_delta':
        if (delta.thinking) events.push({ type: 'reasoning-delta', index: 0, delta: delta.thinking });
        return;
      case 'signature_delta':
        if (delta.signature) events.push({ type: 'reasoning-delta', index: 0, delta: '', signature: delta.signature });
        return;
      case 'input_json_delta': {
        const partial = delta.partial_json;
        if (!partial || !block || block.kind === 'content') return;
        block.hasArguments = true;
        if (block.kind === 'json') events.push({ type: 'text-delta', index: 0, delta: partial });
        else events.push({ type: 'tool-call-delta', index: 0, toolIndex: block.toolIndex, argumentsDelta: partial });
      }
    }
  }

  #stopBlock(index: number, events: ChatStreamEvent[]): void {
    const block = this.#blocks.get(index);
    this.#blocks.delete(index);
    if (!block || block.kind === 'content') return;
    if (block.kind === 'json') {
      if (!block.hasArguments) events.push({ type: 'text-delta', index: 0, delta: '{}' });
      return;
    }
    if (!block.hasArguments) events.push({ type: 'tool-call-delta', index: 0, toolIndex: block.toolIndex, argumentsDelta: '{}' });
    events.push({ type: 'tool-call-end', index: 0, toolIndex: block.toolIndex });
  }

  #messageDelta(event: AnthropicStreamEventWire<'message_delta'>, events: ChatStreamEvent[]): void {
    const stopReason = event.delta?.stop_reason;
    if (stopReason) this.#stopReason = stopReason;
    if (stopReason && !this.#choiceEnded) this.#endChoice(events);
    const usage = decodeAnthropicUsage(mergeAnthropicUsage(this.#startUsage, event.usage));
    if (usage) {
      this.#usageSent = true;
      events.push({ type: 'usage', usage });
    }
  }

  #endChoice(events: ChatStreamEvent[]): void {
    for (const index of [...this.#blocks.keys()]) this.#stopBlock(index, events);
    this.#choiceEnded = true;
    events.push({ type: 'choice-end', index: 0, finishReason: this.#finishReason() });
  }

  #finishReason(): FinishReason {
    const reason = mapAnthropicStopReason(this.#stopReason);
    return reason.unified === 'tool-calls' && this.#answeredInJson && this.#toolCount === 0 ? { unified: 'stop', raw: reason.raw } : reason;
  }

  #finish(): ChatStreamEvent[] {
    this.#ended = true;
    const events: ChatStreamEvent[] = [];
    if (this.#started && !this.#choiceEnded) this.#endChoice(events);
    if (!this.#usageSent) {
      const usage = decodeAnthropicUsage(this.#startUsage);
      if (usage) events.push({ type: 'usage', usage });
    }
    events.push({ type: 'response-end' });
    return events;
  }

  #fail(json: unknown): ChatStreamEvent[] {
    this.#ended = true;
    const details = readAnthropicErrorBody(json) ?? {};
    return [{ type: 'error', error: decodeAnthropicStreamError(details) }];
  }
}

function isNonEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}

function streamError(detail: string): ChatStreamEvent {
  return { type: 'error', error: new GatewayError('GW_UPSTREAM_ERROR', `anthropic-messages stream: ${redactUpstreamMessage(detail)}`) };
}
