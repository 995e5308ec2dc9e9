import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { StreamDecoder } from '../dialect.js';
import { cohereStreamEventSchema, type CohereStreamEventWire, type CohereToolCallWire } from './cohere-chat-wire.js';
import { decodeCohereUsage } from './decode-cohere-usage.js';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

/** A fresh decoder for one streamed `/v2/chat` answer. */
export function createCohereChatStreamDecoder(): StreamDecoder {
  return new CohereChatStreamDecoder();
}

/**
 * Cohere's typed stream events -> canonical events. Cohere answers one choice, so every
 * event has `index: 0`; Cohere's own `index` numbers content blocks or tool calls.
 * `thinking` content and `tool-plan-delta` are reasoning; citations and debug events
 * carry nothing the canonical stream models and are skipped. `message-end` closes the
 * answer with its finish reason and usage; with finish reason `ERROR` it becomes an
 * `error` event instead. Never throws: a malformed frame becomes an `error` event.
 * Events: https://docs.cohere.com/v2/docs/streaming.
 */
class CohereChatStreamDecoder implements StreamDecoder {
  #started = false;
  #ended = false;
  /** Content block index -> whether it holds thinking (reasoning) rather than text. */
  readonly #thinkingBlocks = new Map<number, boolean>();
  /** Tool call index -> whether its end was sent. */
  readonly #tools = new Map<number, boolean>();

  push(frame: UpstreamFrame): ChatStreamEvent[] {
    if (this.#ended) return [];
    const data = frame.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') return this.#finish();
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return [streamError(`malformed JSON event: ${data.slice(0, 80)}`)];
    }
    const parsed = cohereStreamEventSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid event' };
      return [streamError(`unexpected event: ${issue.path}: ${issue.message}`)];
    }
    const event = parsed.data;
    const type = event.type ?? frame.event;
    if (type === undefined) return this.#untyped(json);
    return this.#decodeEvent(type, event);
  }

  end(): ChatStreamEvent[] {
    return this.#ended ? [] : this.#finish();
  }

  #decodeEvent(type: string, event: CohereStreamEventWire): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      events.push({ type: 'response-start', id: event.id ?? '', model: '', createdAt: 0 });
    }
    const message = event.delta?.message;
    const content = single(message?.content);
    const toolCall = single(message?.tool_calls);
    const position = event.index ?? 0;
    switch (type) {
      case 'content-start': {
        const thinking = content?.type === 'thinking';
        this.#thinkingBlocks.set(position, thinking);
        pushContent(events, thinking, content?.thinking ?? content?.text);
        break;
      }
      case 'content-delta': {
        if (content?.thinking) pushContent(events, true, content.thinking);
        else pushContent(events, this.#thinkingBlocks.get(position) ?? false, content?.text);
        break;
      }
      case 'tool-plan-delta':
        pushContent(events, true, message?.tool_plan);
        break;
      case 'tool-call-start':
        this.#startTool(position, toolCall, events);
        break;
      case 'tool-call-delta': {
        const argumentsDelta = toolCall?.function?.arguments;
        if (argumentsDelta && this.#tools.has(position)) events.push({ type: 'tool-call-delta', index: 0, toolIndex: position, argumentsDelta });
        break;
      }
      case 'tool-call-end':
        this.#endTool(position, events);
        break;
      case 'message-end':
        return [...events, ...this.#messageEnd(event)];
      default:
        // message-start (already answered above), content-end, citation-*, debug.
        break;
    }
    return events;
  }

  #startTool(toolIndex: number, call: CohereToolCallWire | null | undefined, events: ChatStreamEvent[]): void {
    if (this.#tools.has(toolIndex)) return;
    this.#tools.set(toolIndex, false);
    // Cohere always sends an id; a deterministic stand-in keeps tool results linkable otherwise.
    const toolCallId = call?.id ?? `call_${toolIndex}`;
    events.push({ type: 'tool-call-start', index: 0, toolIndex, toolCallId, toolName: call?.function?.name ?? '' });
    const argumentsDelta = call?.function?.arguments;
    if (argumentsDelta) events.push({ type: 'tool-call-delta', index: 0, toolIndex, argumentsDelta });
  }

  #endTool(toolIndex: number, events: ChatStreamEvent[]): void {
    if (this.#tools.get(toolIndex) !== false) return;
    this.#tools.set(toolIndex, true);
    events.push({ type: 'tool-call-end', index: 0, toolIndex });
  }

  #messageEnd(event: CohereStreamEventWire): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    for (const toolIndex of this.#tools.keys()) this.#endTool(toolIndex, events);
    const delta = event.delta;
    const usage = decodeCohereUsage(delta?.usage);
    this.#ended = true;
    if (delta?.finish_reason === 'ERROR' || delta?.error) {
      if (usage) events.push({ type: 'usage', usage });
      events.push(streamError(`generation failed: ${delta?.error ?? 'finish_reason ERROR'}`));
      return events;
    }
    events.push({ type: 'choice-end', index: 0, finishReason: mapCohereFinishReason(delta?.finish_reason) });
    if (usage) events.push({ type: 'usage', usage });
    events.push({ type: 'response-end' });
    return events;
  }

  /** A frame without `type`: Cohere's `{"message": ...}` error shape, or noise. */
  #untyped(json: unknown): ChatStreamEvent[] {
    const message = typeof json === 'object' && json !== null && 'message' in json ? json.message : undefined;
    if (typeof message === 'string') return [streamError(`upstream error: ${message}`)];
    return [streamError('unexpected event without a type')];
  }

  #finish(): ChatStreamEvent[] {
    this.#ended = true;
    const events: ChatStreamEvent[] = [];
    for (const toolIndex of this.#tools.keys()) this.#endTool(toolIndex, events);
    if (this.#started) events.push({ type: 'choice-end', index: 0, finishReason: { unified: 'other' } });
    events.push({ type: 'response-end' });
    return events;
  }
}

/** The item of a field that is one object, or an empty list at `message-start`. */
function single<T extends object>(value: T | unknown[] | null | undefined): T | undefined {
  return value === null || value === undefined || Array.isArray(value) ? undefined : value;
}

function pushContent(events: ChatStreamEvent[], thinking: boolean, text: string | null | undefined): void {
  if (!text) return;
  events.push(thinking ? { type: 'reasoning-delta', index: 0, delta: text } : { type: 'text-delta', index: 0, delta: text });
}

function streamError(detail: string): ChatStreamEvent {
  return { type: 'error', error: new GatewayError('GW_UPSTREAM_ERROR', `cohere-chat stream: ${redactUpstreamMessage(detail)}`) };
}
