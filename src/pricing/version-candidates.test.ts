import { describe, expect, it } from 'vitest';
import { versionCandidates } from './version-candidates.js';

describe('versionCandidates', () => {
  it('tries the most specific name first, with dashed spellings of dotted versions', () => {
    expect(versionCandidates('claude-3.5-haiku-latest')).toEqual([
      'claude-3.5-haiku-latest',
      'claude-3-5-haiku-latest',
      'claude-3.5-haiku',
      'claude-3-5-haiku',
    ]);
  });

  it('strips one version tail per step', () => {
    expect(versionCandidates('gemini-2.5-flash-preview-05-20')).toEqual([
      'gemini-2.5-flash-preview-05-20',
      'gemini-2-5-flash-preview-05-20',
      'gemini-2.5-flash-preview',
      'gemini-2-5-flash-preview',
      'gemini-2.5-flash',
      'gemini-2-5-flash',
    ]);
    expect(versionCandidates('gpt-4o-2024-08-06')).toEqual(['gpt-4o-2024-08-06', 'gpt-4o']);
  });

  it('never removes a word that names a different model', () => {
    expect(versionCandidates('gpt-4o-mini')).toEqual(['gpt-4o-mini']);
    expect(versionCandidates('grok-4-fast-reasoning')).toEqual(['grok-4-fast-reasoning']);
    expect(versionCandidates('claude-opus-4-5')).toEqual(['claude-opus-4-5']);
  });
});
