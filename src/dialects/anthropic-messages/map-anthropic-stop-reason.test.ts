import { describe, expect, it } from 'vitest';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

describe('mapAnthropicStopReason', () => {
  it('maps every documented stop reason and keeps the raw word', () => {
    expect(mapAnthropicStopReason('end_turn')).toStrictEqual({ unified: 'stop', raw: 'end_turn' });
    expect(mapAnthropicStopReason('stop_sequence')).toStrictEqual({ unified: 'stop', raw: 'stop_sequence' });
    expect(mapAnthropicStopReason('max_tokens')).toStrictEqual({ unified: 'length', raw: 'max_tokens' });
    expect(mapAnthropicStopReason('model_context_window_exceeded')).toStrictEqual({ unified: 'length', raw: 'model_context_window_exceeded' });
    expect(mapAnthropicStopReason('tool_use')).toStrictEqual({ unified: 'tool-calls', raw: 'tool_use' });
    expect(mapAnthropicStopReason('refusal')).toStrictEqual({ unified: 'content-filter', raw: 'refusal' });
    expect(mapAnthropicStopReason('pause_turn')).toStrictEqual({ unified: 'other', raw: 'pause_turn' });
  });

  it('treats missing and inherited names as other', () => {
    expect(mapAnthropicStopReason(null)).toStrictEqual({ unified: 'other' });
    expect(mapAnthropicStopReason(undefined)).toStrictEqual({ unified: 'other' });
    expect(mapAnthropicStopReason('toString')).toStrictEqual({ unified: 'other', raw: 'toString' });
  });
});
