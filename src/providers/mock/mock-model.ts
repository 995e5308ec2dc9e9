import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatRequest } from '../../core/chat-request.js';
import type { ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../../core/embedding.js';
import { decodeOpenAIError } from '../../dialects/openai-chat/index.js';
import type { LocalCallOptions, LocalModel } from '../provider.js';
import { mockAnswerText, mockUsage, splitIntoWordChunks } from './mock-answer.js';
import { mockEmbedding } from './mock-embedding.js';
import { readMockControls } from './read-mock-controls.js';
import type { MockControls } from './read-mock-controls.js';

const DEFAULT_DIMENSIONS = 64;

async function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal });
}

/** A requested error is decoded as a real OpenAI-style upstream error would be. */
function failIfAsked(controls: MockControls, options: LocalCallOptions): void {
  if (controls.status === undefined) return;
  const headers: Record<string, string> = {};
  if (controls.retryAfterSeconds !== undefined) headers['retry-after'] = String(controls.retryAfterSeconds);
  const body = JSON.stringify({ error: { message: `mock error ${controls.status}`, type: 'mock_error', code: null } });
  throw decodeOpenAIError({ provider: options.provider, status: controls.status, headers, body, now: Date.now() });
}

async function* streamAnswer(request: ChatRequest, answer: string, controls: MockControls, options: LocalCallOptions): AsyncIterable<ChatStreamEvent> {
  yield { type: 'response-start', id: `chatcmpl-mock-${randomBytes(6).toString('hex')}`, model: options.model, createdAt: Math.floor(Date.now() / 1000) };
  let first = true;
  for (const chunk of splitIntoWordChunks(answer)) {
    if (!first) await wait(controls.chunkDelayMs, options.signal);
    first = false;
    yield { type: 'text-delta', index: 0, delta: chunk };
  }
  yield { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'stop' } };
  yield { type: 'usage', usage: mockUsage(request.messages, answer) };
  yield { type: 'response-end' };
}

/** The offline, deterministic `mock` provider (CONTRACT.md section 2). */
export const mockModel: LocalModel = {
  async chat(request, options) {
    const controls = readMockControls(options.headers);
    await wait(controls.latencyMs, options.signal);
    failIfAsked(controls, options);
    const answer = mockAnswerText(request.messages);
    if (request.stream) return streamAnswer(request, answer, controls, options);
    const response: ChatResponse = {
      id: `chatcmpl-mock-${randomBytes(6).toString('hex')}`,
      model: options.model,
      createdAt: Math.floor(Date.now() / 1000),
      choices: [{ index: 0, content: [{ type: 'text', text: answer }], finishReason: { unified: 'stop', raw: 'stop' } }],
      usage: mockUsage(request.messages, answer),
    };
    return response;
  },

  async embed(request: EmbeddingRequest, options): Promise<EmbeddingResponse> {
    const controls = readMockControls(options.headers);
    await wait(controls.latencyMs, options.signal);
    failIfAsked(controls, options);
    const dimensions = request.dimensions ?? DEFAULT_DIMENSIONS;
    const words = request.input.reduce((total, text) => total + (text.trim() === '' ? 0 : text.trim().split(/\s+/).length), 0);
    return {
      model: options.model,
      embeddings: request.input.map((text) => mockEmbedding(text, dimensions)),
      usage: { inputTokens: words, outputTokens: 0 },
    };
  },
};
