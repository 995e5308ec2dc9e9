import type { Usage } from '../../core/usage.js';
import type { CohereUsageWire } from './cohere-chat-wire.js';

/**
 * Cohere `usage` -> canonical. Cohere reports two pairs of counts: `tokens` (everything
 * the model processed, including the preamble Cohere adds to every prompt) and
 * `billed_units` (what the account is charged for). The gateway prices answers from
 * token counts, so `billed_units` is read first and `tokens` only when it is missing;
 * otherwise a short prompt would cost several times its bill.
 *
 * `cached_tokens` ("prompt tokens that hit the inference cache") is counted against the
 * processed prompt; it is reported only while it is no larger than the input count it
 * must be a subset of. Cohere reports no reasoning-token count. Unknown stays `undefined`.
 */
export function decodeCohereUsage(wire: CohereUsageWire | null | undefined): Usage | undefined {
  if (!wire) return undefined;
  const usage: Usage = {};
  const billed = wire.billed_units;
  const processed = wire.tokens;
  setCount(usage, 'inputTokens', billed?.input_tokens ?? processed?.input_tokens);
  setCount(usage, 'outputTokens', billed?.output_tokens ?? processed?.output_tokens);
  const cached = wire.cached_tokens;
  if (typeof cached === 'number' && usage.inputTokens !== undefined && cached <= usage.inputTokens) setCount(usage, 'cachedInputTokens', cached);
  return Object.keys(usage).length === 0 ? undefined : usage;
}

function setCount(usage: Usage, key: keyof Usage, value: number | null | undefined): void {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) usage[key] = value;
}
