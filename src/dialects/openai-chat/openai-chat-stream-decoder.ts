import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { UpstreamFrame } from '../../core/upstream-frame.js';
import type { StreamDecoder } from '../dialect.js';
import { decodeOpenAIUsage } from './decode-openai-usage.js';
import { formatWireIssue } from '../_shared/format-wire-issue.js';
import { finishWithTools, mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { openAIChatChunkSchema, type OpenAIChatChunkWire, type OpenAIChunkToolCallWire } from './openai-chat-wire.js';
import { readOpenAIContentChunks } from './read-openai-content-chunks.js';
import { readOpenAIErrorBody } from './read-openai-error-body.js';
import { redactUpstreamMessage } from '../_shared/redact-upstream-message.js';

type WireChoice = NonNullable<OpenAIChatChunkWire['choices']>[number];

interface ToolState {
  toolCallId: string;
  /** The id came from the upstream, not from our stand-in. */
  upstreamId: boolean;
  ended: boolean;
}

interface ChoiceState {
  finished: boolean;
  tools: Map<number, ToolState>;
  lastToolIndex: number | undefined;
  /** Upstream `index` -> our tool index, where a server reused an index for another call. */
  renumbered: Map<number, number>;
}

/** A fresh decoder for one streamed Chat Completions answer. */
export function createOpenAIChatStreamDecoder(): StreamDecoder {
  return new OpenAIChatStreamDecoder();
}

/**
 * `chat.completion.chunk` frames -> canonical events. Never throws: a malformed chunk or
 * an in-band `{"error": ...}` becomes an `error` event. Tool calls are announced by the
 * first delta of their `index` (id and name) and closed when their choice finishes.
 * `[DONE]` or `end()` closes whatever is still open and sends `response-end` once.
 */
class OpenAIChatStreamDecoder implements StreamDecoder {
  #started = false;
  #ended = false;
  readonly #choices = new Map<number, ChoiceState>();

  push(frame: UpstreamFrame): ChatStreamEvent[] {
    if (this.#ended) return [];
    const data = frame.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') return this.#finish();
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return [streamError(`malformed JSON chunk: ${data.slice(0, 80)}`)];
    }
    if (isErrorChunk(json)) {
      // An in-band error ends the answer: nothing after it (no choice-end, no response-end)
      // may look like a normal finish to the caller.
      this.#ended = true;
      const details = readOpenAIErrorBody(json);
      return [streamError(`upstream error: ${details?.message ?? details?.code ?? 'unknown error'}`)];
    }
    const parsed = openAIChatChunkSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const issue = first ? formatWireIssue(first) : { path: 'body', message: 'invalid chunk' };
      return [streamError(`unexpected chunk: ${issue.path}: ${issue.message}`)];
    }
    return this.#decodeChunk(parsed.data);
  }

  end(): ChatStreamEvent[] {
    return this.#ended ? [] : this.#finish();
  }

  #decodeChunk(chunk: OpenAIChatChunkWire): ChatStreamEvent[] {
    const events: ChatStreamEvent[] = [];
    const choices = chunk.choices ?? [];
    // Azure opens with a chunk that has no id, model or choices (only prompt filter
    // results): the answer starts at the first chunk that says what it is.
    if (!this.#started && (chunk.id || choices.length > 0 || chunk.usage)) {
      this.#started = true;
      events.push({ type: 'response-start', id: chunk.id ?? '', model: chunk.model ?? '', createdAt: chunk.created ?? 0 });
    }
    for (let position = 0; position < choices.length; position += 1) {
      const choice = choices[position];
      if (choice) this.#decodeChoice(choice, position, events);
    }
    const usage = decodeOpenAIUsage(chunk.usage);
    if (usage) events.push({ type: 'usage', usage });
    return events;
  }

  #decodeChoice(choice: WireChoice, position: number, events: ChatStreamEvent[]): void {
    const index = choice.index ?? position;
    const state = this.#choiceState(index);
    const delta = choice.delta;
    if (delta) {
      // `reasoning` is vLLM's, Groq's and OpenRouter's spelling; both spellings carry the same text.
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) events.push({ type: 'reasoning-delta', index, delta: reasoning });
      for (const run of readOpenAIContentChunks(delta.content)) {
        events.push(run.kind === 'text' ? { type: 'text-delta', index, delta: run.text } : { type: 'reasoning-delta', index, delta: run.text });
      }
      if (delta.refusal) events.push({ type: 'text-delta', index, delta: delta.refusal });
      for (const call of delta.tool_calls ?? []) this.#decodeToolCall(state, index, call, events);
    }
    // Some compatible servers repeat finish_reason on the usage chunk; the first one counts.
    if (choice.finish_reason && !state.finished) {
      closeTools(state, index, events);
      state.finished = true;
      events.push({ type: 'choice-end', index, finishReason: finishWithTools(mapOpenAIFinishReason(choice.finish_reason), state.tools.size > 0) });
    }
  }

  #decodeToolCall(state: ChoiceState, index: number, call: OpenAIChunkToolCallWire, events: ChatStreamEvent[]): void {
    const upstreamIndex = call.index ?? inferToolIndex(state, call.id);
    let toolIndex = state.renumbered.get(upstreamIndex) ?? upstreamIndex;
    const current = state.tools.get(toolIndex);
    if (call.id && current?.upstreamId && current.toolCallId !== call.id) {
      // Servers that number every call 0 (Mistral's `index` defaults to 0, Ollama) start
      // another call at a used index; a new id means a new call, not more arguments.
      toolIndex = inferToolIndex(state, call.id);
      state.renumbered.set(upstreamIndex, toolIndex);
    }
    let tool = state.tools.get(toolIndex);
    if (!tool) {
      // OpenAI always sends an id; a deterministic stand-in keeps tool results linkable otherwise.
      tool = { toolCallId: call.id ?? `call_${index}_${toolIndex}`, upstreamId: Boolean(call.id), ended: false };
      state.tools.set(toolIndex, tool);
      events.push({ type: 'tool-call-start', index, toolIndex, toolCallId: tool.toolCallId, toolName: call.function?.name ?? '' });
    }
    state.lastToolIndex = toolIndex;
    const argumentsDelta = call.function?.arguments;
    if (argumentsDelta) events.push({ type: 'tool-call-delta', index, toolIndex, argumentsDelta });
  }

  #choiceState(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { finished: false, tools: new Map(), lastToolIndex: undefined, renumbered: new Map() };
      this.#choices.set(index, state);
    }
    return state;
  }

  #finish(): ChatStreamEvent[] {
    this.#ended = true;
    const events: ChatStreamEvent[] = [];
    for (const [index, state] of this.#choices) {
      if (state.finished) continue;
      closeTools(state, index, events);
      state.finished = true;
      events.push({ type: 'choice-end', index, finishReason: { unified: 'other' } });
    }
    events.push({ type: 'response-end' });
    return events;
  }
}

/**
 * OpenAI sends `{"error": {...}}` in-band; vLLM and Mistral send their error object
 * itself, `{"object": "error", "message": ...}`.
 */
function isErrorChunk(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  return ('error' in json && Boolean(json.error)) || ('object' in json && json.object === 'error');
}

/** Servers that omit `index` (it is required by OpenAI) send each call whole, with its id. */
function inferToolIndex(state: ChoiceState, id: string | null | undefined): number {
  if (id) {
    for (const [toolIndex, tool] of state.tools) if (tool.toolCallId === id) return toolIndex;
    return state.tools.size === 0 ? 0 : Math.max(...state.tools.keys()) + 1;
  }
  return state.lastToolIndex ?? 0;
}

function closeTools(state: ChoiceState, index: number, events: ChatStreamEvent[]): void {
  for (const [toolIndex, tool] of state.tools) {
    if (tool.ended) continue;
    tool.ended = true;
    events.push({ type: 'tool-call-end', index, toolIndex });
  }
}

function streamError(detail: string): ChatStreamEvent {
  return { type: 'error', error: new GatewayError('GW_UPSTREAM_ERROR', `openai-chat stream: ${redactUpstreamMessage(detail)}`) };
}
