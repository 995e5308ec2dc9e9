import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason, toOpenAIFinishReason } from './map-openai-finish-reason.js';

describe('mapOpenAIFinishReason', () => {
  it('maps the documented values and keeps the raw word', () => {
    expect(mapOpenAIFinishReason('stop')).toEqual({ unified: 'stop', raw: 'stop' });
    expect(mapOpenAIFinishReason('length')).toEqual({ unified: 'length', raw: 'length' });
    expect(mapOpenAIFinishReason('tool_calls')).toEqual({ unified: 'tool-calls', raw: 'tool_calls' });
    expect(mapOpenAIFinishReason('function_call')).toEqual({ unified: 'tool-calls', raw: 'function_call' });
    expect(mapOpenAIFinishReason('content_filter')).toEqual({ unified: 'content-filter', raw: 'content_filter' });
  });

  it("maps Mistral's model_length and error, keeping the raw word", () => {
    expect(mapOpenAIFinishReason('model_length')).toEqual({ unified: 'length', raw: 'model_length' });
    expect(mapOpenAIFinishReason('error')).toEqual({ unified: 'error', raw: 'error' });
  });

  it('maps unknown words to other without losing them', () => {
    expect(mapOpenAIFinishReason('eos')).toEqual({ unified: 'other', raw: 'eos' });
    expect(mapOpenAIFinishReason('toString')).toEqual({ unified: 'other', raw: 'toString' });
  });

  it('maps a missing reason to other without a raw word', () => {
    expect(mapOpenAIFinishReason(null)).toEqual({ unified: 'other' });
    expect(mapOpenAIFinishReason(undefined)).toEqual({ unified: 'other' });
  });
});

describe('toOpenAIFinishReason', () => {
  it('maps every canonical reason to a documented OpenAI value', () => {
    expect(toOpenAIFinishReason({ unified: 'stop' })).toBe('stop');
    expect(toOpenAIFinishReason({ unified: 'length' })).toBe('length');
    expect(toOpenAIFinishReason({ unified: 'tool-calls', raw: 'tool_use' })).toBe('tool_calls');
    expect(toOpenAIFinishReason({ unified: 'content-filter', raw: 'SAFETY' })).toBe('content_filter');
    expect(toOpenAIFinishReason({ unified: 'error' })).toBe('stop');
    expect(toOpenAIFinishReason({ unified: 'other', raw: 'pause_turn' })).toBe('stop');
  });

  it('round-trips the documented values', () => {
    for (const raw of ['stop', 'length', 'tool_calls', 'content_filter']) {
      expect(toOpenAIFinishReason(mapOpenAIFinishReason(raw))).toBe(raw);
    }
  });
});
