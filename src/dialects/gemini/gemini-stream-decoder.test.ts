import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { SseFrameParser } from '../../upstream/index.js';
import { decodeFramedChunks, seededCutOffsets, splitAt } from '../_shared/stream-chunks.js';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.js';

const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url)));

const decodeChunks = (chunks: readonly Uint8Array[]): ChatStreamEvent[] => decodeFramedChunks(new SseFrameParser(), createGeminiStreamDecoder(), chunks);

const frame = (data: string) => ({ data, raw: `data: ${data}\r\n\r\n` });

const TEXT_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'mJ5lZ8qTBoWz1MkP4v6Y0QU', model: 'gemini-2.5-flash', createdAt: 0 },
  { type: 'text-delta', index: 0, delta: 'Hello' },
  { type: 'text-delta', index: 0, delta: ', wörld' },
  { type: 'text-delta', index: 0, delta: ' 🌍!' },
  { type: 'choice-end', index: 0, finishReason: { unified: 'stop', raw: 'STOP' } },
  { type: 'usage', usage: { inputTokens: 9, outputTokens: 6 } },
  { type: 'response-end' },
];

const TOOL_EVENTS: ChatStreamEvent[] = [
  { type: 'response-start', id: 'k3RxaZ2fL4y7qtsP7Mm1iQk', model: 'gemini-3-pro-preview', createdAt: 0 },
  { type: 'reasoning-delta', index: 0, delta: '**Checking both cities**\n\nThe user wants weather' },
  { type: 'reasoning-delta', index: 0, delta: '', signature: 'CiQB0e2Kb8sigParis==' },
  { type: 'tool-call-start', index: 0, toolIndex: 0, toolCallId: 'call_0_0', toolName: 'get_weather' },
  { type: 'tool-call-delta', index: 0, toolIndex: 0, argumentsDelta: '{"city":"Paris"}' },
  { type: 'tool-call-end', index: 0, toolIndex: 0 },
  { type: 'tool-call-start', index: 0, toolIndex: 1, toolCallId: 'call_0_1', toolName: 'get_weather' },
  { type: 'tool-call-delta', index: 0, toolIndex: 1, argumentsDelta: '{"city":"Tokyo"}' },
  { type: 'tool-call-end', index: 0, toolIndex: 1 },
  { type: 'choice-end', index: 0, finishReason: { unified: 'tool-calls', raw: 'STOP' } },
  { type: 'usage', usage: { inputTokens: 120, outputTokens: 70, reasoningTokens: 40 } },
  { type: 'response-end' },
];

describe('createGeminiStreamDecoder', () => {
  it('decodes a text stream (CRLF framed) however the bytes are split', () => {
    const bytes = fixtureBytes('text.sse');
    expect(decodeChunks([bytes])).toEqual(TEXT_EVENTS);
    for (const offsets of seededCutOffsets(bytes.length, 7, { runs: 40, maxCuts: 10 })) expect(decodeChunks(splitAt(bytes, offsets))).toEqual(TEXT_EVENTS);
  });

  it('keeps thoughts apart, carries signatures, and numbers parallel calls of one function uniquely', () => {
    const bytes = fixtureBytes('parallel-tools-thinking.sse');
    expect(decodeChunks([bytes])).toEqual(TOOL_EVENTS);
    for (const offsets of seededCutOffsets(bytes.length, 11, { runs: 40, maxCuts: 10 })) expect(decodeChunks(splitAt(bytes, offsets))).toEqual(TOOL_EVENTS);
  });

  it('turns an in-band error after output into an error event, keeping the text before it', () => {
    const events = decodeChunks([fixtureBytes('error-mid-stream.sse')]);
    expect(events.slice(0, 3)).toEqual([
      { type: 'response-start', id: 'err-mid-1', model: 'gemini-2.5-pro', createdAt: 0 },
      { type: 'text-delta', index: 0, delta: 'Once upon' },
      { type: 'text-delta', index: 0, delta: ' a time' },
    ]);
    const error = events[3];
    expect(error?.type).toBe('error');
    if (error?.type !== 'error') return;
    expect(error.error.code).toBe('GW_UPSTREAM_ERROR');
    expect(error.error.retryable).toBe(true);
    expect(error.error.message).toBe('gemini stream: upstream error: The model is overloaded. Please try again later.');
    expect(events.slice(4)).toEqual([
      { type: 'choice-end', index: 0, finishReason: { unified: 'other' } },
      { type: 'usage', usage: { inputTokens: 5 } },
      { type: 'response-end' },
    ]);
  });

  it('finishes a blocked prompt with content-filter', () => {
    expect(decodeChunks([fixtureBytes('prompt-blocked.sse')])).toEqual([
      { type: 'response-start', id: 'blocked-1', model: 'gemini-2.5-flash', createdAt: 0 },
      { type: 'choice-end', index: 0, finishReason: { unified: 'content-filter', raw: 'PROHIBITED_CONTENT' } },
      { type: 'usage', usage: { inputTokens: 14, outputTokens: 0 } },
      { type: 'response-end' },
    ]);
  });

  it('reports rate limits in-band with their retry delay, before any output', () => {
    const decoder = createGeminiStreamDecoder();
    const body = '[{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}]';
    const [event] = decoder.push(frame(body));
    expect(event?.type).toBe('error');
    if (event?.type !== 'error') return;
    expect(event.error.code).toBe('GW_RATE_LIMITED');
    expect(event.error.retryAfterMs).toBe(7000);
    expect(decoder.end()).toEqual([{ type: 'response-end' }]);
  });

  it('never throws on malformed or unexpected frames', () => {
    const decoder = createGeminiStreamDecoder();
    const [malformed] = decoder.push(frame('{"candidates": ['));
    expect(malformed?.type === 'error' && malformed.error.message).toMatch(/^gemini stream: malformed JSON chunk/);
    const [unexpected] = decoder.push(frame('{"candidates": "nope"}'));
    expect(unexpected?.type === 'error' && unexpected.error.message).toMatch(/^gemini stream: unexpected chunk: candidates/);
    expect(decoder.push(frame('   '))).toEqual([]);
  });

  it('closes a candidate the body left open and ignores frames after the end', () => {
    const decoder = createGeminiStreamDecoder();
    decoder.push(frame('{"candidates":[{"content":{"parts":[{"text":"cut"}]},"index":0}],"responseId":"r1","modelVersion":"m","createTime":"2025-06-01T12:00:00.5Z"}'));
    expect(decoder.end()).toEqual([{ type: 'choice-end', index: 0, finishReason: { unified: 'other' } }, { type: 'response-end' }]);
    expect(decoder.push(frame('{"candidates":[]}'))).toEqual([]);
    expect(decoder.end()).toEqual([]);
  });

  it('reads Vertex createTime and a signature on the closing empty text part', () => {
    const decoder = createGeminiStreamDecoder();
    const events = [
      ...decoder.push(frame('{"candidates":[{"content":{"role":"model","parts":[{"text":"Done."}]}}],"responseId":"v1","modelVersion":"gemini-3-flash","createTime":"2025-06-01T12:00:00.500Z"}')),
      ...decoder.push(frame('{"candidates":[{"content":{"role":"model","parts":[{"text":"","thoughtSignature":"c2lnLWVuZA=="}]},"finishReason":"MAX_TOKENS"}]}')),
    ];
    expect(events).toEqual([
      { type: 'response-start', id: 'v1', model: 'gemini-3-flash', createdAt: 1748779200 },
      { type: 'text-delta', index: 0, delta: 'Done.' },
      { type: 'reasoning-delta', index: 0, delta: '', signature: 'c2lnLWVuZA==' },
      { type: 'choice-end', index: 0, finishReason: { unified: 'length', raw: 'MAX_TOKENS' } },
    ]);
  });
});
