import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { encodeOpenAIError } from './encode-openai-error.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import { toOpenAIFinishReason } from './map-openai-finish-reason.js';

export interface OpenAIChatChunkEncoderOptions {
  /** Overrides the id from `response-start` (the gateway may use its own). */
  id?: string;
  /** Overrides the model from `response-start` (the name the caller asked for). */
  model?: string;
  /** The caller sent `stream_options.include_usage: true`: usage gets its own final chunk. */
  includeUsage: boolean;
}

export interface OpenAIChatChunkEncoder {
  /** One canonical event in; zero or more `chat.completion.chunk` (or error) objects out. */
  encode(event: ChatStreamEvent): Record<string, unknown>[];
}

type Chunk = Record<string, unknown>;

/**
 * Canonical events -> the objects OpenAI streams, one per `data:` line: the first chunk
 * of each choice carries `delta.role`, a finished choice gets an empty delta with its
 * `finish_reason`, usage comes as a `choices: []` chunk only when the caller asked.
 * Writing `data: ...\n\n` and `[DONE]` is the SSE writer's job.
 */
export function createOpenAIChatChunkEncoder(options: OpenAIChatChunkEncoderOptions): OpenAIChatChunkEncoder {
  let id = options.id ?? '';
  let model = options.model ?? '';
  let created = 0;
  const announced = new Set<number>();

  const chunk = (choices: Chunk[]): Chunk => ({ id, object: 'chat.completion.chunk', created, model, choices });
  const choiceChunk = (index: number, delta: Chunk, finishReason: string | null = null): Chunk => {
    const fullDelta = announced.has(index) ? delta : { role: 'assistant', ...delta };
    announced.add(index);
    return chunk([{ index, delta: fullDelta, logprobs: null, finish_reason: finishReason }]);
  };

  return {
    encode(event) {
      switch (event.type) {
        case 'response-start':
          id = options.id ?? event.id;
          model = options.model ?? event.model;
          created = event.createdAt;
          return [choiceChunk(0, { content: '', refusal: null })];
        case 'text-delta':
          return [choiceChunk(event.index, { content: event.delta })];
        case 'reasoning-delta':
          return [choiceChunk(event.index, { reasoning_content: event.delta })];
        case 'tool-call-start':
          return [
            choiceChunk(event.index, {
              tool_calls: [
                { index: event.toolIndex, id: event.toolCallId, type: 'function', function: { name: event.toolName, arguments: '' } },
              ],
            }),
          ];
        case 'tool-call-delta':
          return [choiceChunk(event.index, { tool_calls: [{ index: event.toolIndex, function: { arguments: event.argumentsDelta } }] })];
        case 'choice-end':
          return [choiceChunk(event.index, {}, toOpenAIFinishReason(event.finishReason))];
        case 'usage': {
          const usage = options.includeUsage ? encodeOpenAIUsage(event.usage) : undefined;
          return usage ? [{ ...chunk([]), usage }] : [];
        }
        case 'error':
          return [encodeOpenAIError(event.error)];
        case 'tool-call-end':
        case 'response-end':
          return [];
      }
    },
  };
}
