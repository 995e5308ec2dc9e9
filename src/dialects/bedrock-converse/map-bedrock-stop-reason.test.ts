import { describe, expect, it } from 'vitest';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.js';

describe('mapBedrockStopReason', () => {
  it('maps every documented stop reason and keeps the raw word', () => {
    const cases: [string, string][] = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['model_context_window_exceeded', 'length'],
      ['tool_use', 'tool-calls'],
      ['guardrail_intervened', 'content-filter'],
      ['content_filtered', 'content-filter'],
      ['malformed_model_output', 'error'],
      ['malformed_tool_use', 'error'],
      ['something_new', 'other'],
      ['toString', 'other'],
    ];
    for (const [raw, unified] of cases) expect(mapBedrockStopReason(raw), raw).toEqual({ unified, raw });
    expect(mapBedrockStopReason(undefined)).toEqual({ unified: 'other' });
  });
});
