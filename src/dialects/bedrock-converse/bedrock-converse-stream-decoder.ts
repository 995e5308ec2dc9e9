import type { z } from 'zod';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { FinishReason } from '../../core/finish-reason.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';
import type { StreamDecoder } from '../dialect.js';
import {
  contentBlockDeltaSchema,
  contentBlockStartSchema,
  contentBlockStopSchema,
  messageStopSchema,
  metadataSchema,
  type ContentBlockDeltaWire,
} from './bedrock-converse-wire.js';
import { decodeBedrockUsage } from './decode-bedrock-usage.js';
import { mapBedrockErrorType } from './map-bedrock-error-type.js';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

/** Event types this decoder reads; others (future additions) are skipped unparsed. */
const KNOWN_EVENTS = new Set(['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);

interface ToolBlock {
  toolIndex: number;
  sentInput: boolean;
  ended: boolean;
}

/** A fresh decoder for one ConverseStream answer. */
export function createBedrockConverseStreamDecoder(): StreamDecoder {
  return new BedrockConverseStreamDecoder();
}

/**
 * ConverseStream frames (from the AWS event stream parser: `event` is the event type) ->
 * canonical events. `messageStart` opens the response (no id or model on this wire: `''`
 * for the caller to fill), `contentBlockStart` announces a tool call, deltas carry text,
 * tool input and reasoning (a signature arrives as a reasoning delta with empty text),
 * `contentBlockStop` closes a tool call (one that received no input gets `{}`),
 * `messageStop` ends the choice, `metadata` reports usage, and `end()` sends
 * `response-end`. Never throws: a malformed frame becomes an `error` event and decoding
 * goes on. An exception frame (`exception:throttlingException`...) ends the stream with
 * one `error` event mapped as the HTTP error would be (throttling retryable, and so on);
 * nothing follows it, not even `response-end`. Unknown event types are skipped.
 */
class BedrockConverseStreamDecoder implements StreamDecoder {
  #started = false;
  #ended = false;
  #choiceEnded = false;
  readonly #tools = new Map<number, ToolBlock>();

  push(frame: UpstreamFrame): ChatStreamEvent[] {
    if (this.#ended) return [];
    const event = frame.event ?? '';
    if (event.startsWith('exception:') || event.startsWith('error:')) return this.#fail(event.slice(event.indexOf(':') + 1), frame.data);
    if (!KNOWN_EVENTS.has(event)) return [];
    let json: unknown;
    try {
      json = JSON.parse(frame.data);
    } catch {
      return [streamError(`malformed JSON in a ${event} event: ${frame.data.slice(0, 80)}`)];
    }
    switch (event) {
      case 'contentBlockStart':
        return this.#decode(contentBlockStartSchema, json, event, (start) => {
          const toolUse = start.start?.toolUse;
          if (!toolUse || this.#tools.has(start.contentBlockIndex)) return [];
          const toolIndex = this.#tools.size;
          this.#tools.set(start.contentBlockIndex, { toolIndex, sentInput: false, ended: false });
          return [{ type: 'tool-call-start', index: 0, toolIndex, toolCallId: toolUse.toolUseId, toolName: toolUse.name }];
        });
      case 'contentBlockDelta':
        return this.#decode(contentBlockDeltaSchema, json, event, (delta) => this.#decodeDelta(delta));
      case 'contentBlockStop':
        return this.#decode(contentBlockStopSchema, json, event, (stop) => {
          const tool = this.#tools.get(stop.contentBlockIndex);
          return tool ? closeTool(tool) : [];
        });
      case 'messageStop':
        return this.#decode(messageStopSchema, json, event, (stop) => this.#endChoice(mapBedrockStopReason(stop.stopReason)));
      case 'metadata':
        return this.#decode(metadataSchema, json, event, (metadata) => {
          const usage = decodeBedrockUsage(metadata.usage);
          return usage ? [{ type: 'usage', usage }] : [];
        });
      case 'messageStart':
        return this.#start();
      default:
        return [];
    }
  }

  end(): ChatStreamEvent[] {
    if (this.#ended) return [];
    this.#ended = true;
    const events = this.#started && !this.#choiceEnded ? this.#endChoice({ unified: 'other' }) : [];
    events.push({ type: 'response-end' });
    return events;
  }

  #start(): ChatStreamEvent[] {
    if (this.#started) return [];
    this.#started = true;
    return [{ type: 'response-start', id: '', model: '', createdAt: 0 }];
  }

  #decode<T>(schema: z.ZodType<T>, json: unknown, event: string, decode: (value: T) => ChatStreamEvent[]): ChatStreamEvent[] {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid event' };
      return [streamError(`unexpected ${event} event: ${issue.path}: ${issue.message}`)];
    }
    return [...this.#start(), ...decode(parsed.data)];
  }

  #decodeDelta(wire: ContentBlockDeltaWire): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    const delta = wire.delta;
    if (delta.text !== undefined && delta.text !== '') events.push({ type: 'text-delta', index: 0, delta: delta.text });
    if (delta.toolUse !== undefined) {
      const tool = this.#tools.get(wire.contentBlockIndex);
      if (!tool || tool.ended) events.push(streamError(`tool input for block ${wire.contentBlockIndex}, which started no tool call`));
      else if (delta.toolUse.input !== '') {
        tool.sentInput = true;
        events.push({ type: 'tool-call-delta', index: 0, toolIndex: tool.toolIndex, argumentsDelta: delta.toolUse.input });
      }
    }
    const reasoning = delta.reasoningContent;
    if (reasoning?.text !== undefined && reasoning.text !== '') events.push({ type: 'reasoning-delta', index: 0, delta: reasoning.text });
    if (reasoning?.signature !== undefined) events.push({ type: 'reasoning-delta', index: 0, delta: '', signature: reasoning.signature });
    return events;
  }

  #endChoice(finishReason: FinishReason): ChatStreamEvent[] {
    if (this.#choiceEnded) return [];
    this.#choiceEnded = true;
    const events: ChatStreamEvent[] = [];
    for (const tool of this.#tools.values()) events.push(...closeTool(tool));
    events.push({ type: 'choice-end', index: 0, finishReason });
    return events;
  }

  #fail(type: string, data: string): ChatStreamEvent[] {
    this.#ended = true;
    const message = readMessage(data);
    const mapping = mapBedrockErrorType(type, undefined, message);
    const text = `bedrock-converse stream: ${type || 'error'}: ${redactUpstreamMessage(message)}`;
    const error = new GatewayError(mapping.code, text, mapping.status === undefined ? {} : { status: mapping.status });
    return [{ type: 'error', error }];
  }
}

function closeTool(tool: ToolBlock): ChatStreamEvent[] {
  if (tool.ended) return [];
  tool.ended = true;
  const events: ChatStreamEvent[] = [];
  if (!tool.sentInput) events.push({ type: 'tool-call-delta', index: 0, toolIndex: tool.toolIndex, argumentsDelta: '{}' });
  events.push({ type: 'tool-call-end', index: 0, toolIndex: tool.toolIndex });
  return events;
}

function readMessage(data: string): string {
  try {
    const json = JSON.parse(data) as unknown;
    if (typeof json === 'object' && json !== null) {
      const record = json as Record<string, unknown>;
      const message = record.message ?? record.Message ?? record.originalMessage;
      if (typeof message === 'string' && message !== '') return message;
    }
  } catch {
    // Not JSON: the payload is the message.
  }
  return data.trim() === '' ? 'no message' : data;
}

function streamError(detail: string): ChatStreamEvent {
  return { type: 'error', error: new GatewayError('GW_UPSTREAM_ERROR', `bedrock-converse stream: ${redactUpstreamMessage(detail)}`) };
}
