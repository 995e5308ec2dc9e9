import type { Usage } from '../../core/usage.js';
import { isRecord } from '../_shared/is-record.js';

/**
 * Gemini `usageMetadata` -> canonical. `promptTokenCount` already includes
 * `cachedContentTokenCount`; output is `candidatesTokenCount + thoughtsTokenCount`, as
 * thoughts are billed as output. Google's JSON omits zero-valued counts (proto3), so in a
 * `complete` answer a missing `candidatesTokenCount` is derived from `totalTokenCount`;
 * in a stream cut short the counts of its last chunk are partial, so output stays
 * unknown there. A count nothing implies stays `undefined`. Takes the raw value and
 * validates it here, like `decodeOpenAIUsage`.
 * https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function decodeGeminiUsage(wire: unknown, complete = true): Usage | undefined {
  if (!isRecord(wire)) return undefined;
  const prompt = count(wire.promptTokenCount);
  const candidates = count(wire.candidatesTokenCount);
  const thoughts = count(wire.thoughtsTokenCount);
  const toolUsePrompt = count(wire.toolUsePromptTokenCount);
  const total = count(wire.totalTokenCount);
  const usage: Usage = {};
  if (prompt !== undefined) usage.inputTokens = prompt;
  const cached = count(wire.cachedContentTokenCount);
  if (cached !== undefined) usage.cachedInputTokens = cached;
  if (candidates !== undefined) usage.outputTokens = candidates + (thoughts ?? 0);
  else if (complete && total !== undefined && prompt !== undefined) {
    // totalTokenCount = prompt + candidates + toolUsePrompt + thoughts (UsageMetadata docs).
    const output = total - prompt - (toolUsePrompt ?? 0);
    if (output >= 0) usage.outputTokens = output;
  }
  if (thoughts !== undefined) usage.reasoningTokens = thoughts;
  return Object.keys(usage).length === 0 ? undefined : usage;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

