import { describe, expect, it } from 'vitest';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.js';

describe('toAnthropicStopReason', () => {
  it.each([
    [{ unified: 'stop' }, 'end_turn'],
    [{ unified: 'stop', raw: 'stop' }, 'end_turn'],
    [{ unified: 'stop', raw: 'stop_sequence' }, 'stop_sequence'],
    [{ unified: 'length', raw: 'length' }, 'max_tokens'],
    [{ unified: 'length', raw: 'model_context_window_exceeded' }, 'model_context_window_exceeded'],
    [{ unified: 'tool-calls', raw: 'tool_calls' }, 'tool_use'],
    [{ unified: 'content-filter', raw: 'SAFETY' }, 'refusal'],
    [{ unified: 'error' }, 'end_turn'],
    [{ unified: 'other', raw: 'pause_turn' }, 'end_turn'],
  ] as const)('maps %j to %s', (reason, expected) => {
    expect(toAnthropicStopReason(reason)).toBe(expected);
  });

  it('says tool_use for a turn with tool calls that ended normally, not for a cut or filtered one', () => {
    expect(toAnthropicStopReason({ unified: 'stop' }, true)).toBe('tool_use');
    expect(toAnthropicStopReason({ unified: 'other' }, true)).toBe('tool_use');
    expect(toAnthropicStopReason({ unified: 'length' }, true)).toBe('max_tokens');
    expect(toAnthropicStopReason({ unified: 'content-filter' }, true)).toBe('refusal');
  });

  it("round-trips Anthropic's own stop reasons through the outbound mapping", () => {
    for (const raw of ['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'refusal', 'model_context_window_exceeded'] as const) {
      expect(toAnthropicStopReason(mapAnthropicStopReason(raw))).toBe(raw);
    }
  });
});
