import { describe, expect, it } from 'vitest';
import { mapCohereFinishReason } from './map-cohere-finish-reason.js';

describe('mapCohereFinishReason', () => {
  it('maps every documented reason and keeps the raw word', () => {
    expect(mapCohereFinishReason('COMPLETE')).toStrictEqual({ unified: 'stop', raw: 'COMPLETE' });
    expect(mapCohereFinishReason('STOP_SEQUENCE')).toStrictEqual({ unified: 'stop', raw: 'STOP_SEQUENCE' });
    expect(mapCohereFinishReason('MAX_TOKENS')).toStrictEqual({ unified: 'length', raw: 'MAX_TOKENS' });
    expect(mapCohereFinishReason('TOOL_CALL')).toStrictEqual({ unified: 'tool-calls', raw: 'TOOL_CALL' });
    expect(mapCohereFinishReason('ERROR')).toStrictEqual({ unified: 'error', raw: 'ERROR' });
    expect(mapCohereFinishReason('TIMEOUT')).toStrictEqual({ unified: 'other', raw: 'TIMEOUT' });
  });

  it('turns unknown and missing reasons into other', () => {
    expect(mapCohereFinishReason('toString')).toStrictEqual({ unified: 'other', raw: 'toString' });
    expect(mapCohereFinishReason(null)).toStrictEqual({ unified: 'other' });
  });
});
