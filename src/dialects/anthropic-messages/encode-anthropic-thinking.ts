import type { ChatRequest } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import type { EncodeTarget } from '../dialect.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

/** What Anthropic gets when neither the caller nor the target names an output limit. */
export const DEFAULT_MAX_TOKENS = 4096;

// Anthropic's minimum thinking budget: https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking
const MIN_BUDGET = 1024;

/**
 * `reasoningEffort` -> `budget_tokens`. The steps follow Anthropic's guidance to start
 * at the minimum and grow; `high` stays well under the 32k output limit of the smallest
 * thinking-capable model (Claude Opus 4). `none` means no thinking.
 */
export const THINKING_BUDGETS: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
};

/** `max_tokens` and, when reasoning was asked for and is possible, `thinking`. */
export interface EncodedAnthropicThinking {
  maxTokens: number;
  thinking?: { type: 'enabled'; budget_tokens: number };
}

/**
 * Anthropic requires `max_tokens`: the caller's limit, else the model's known output
 * limit, else 4096, each default with a warning. Extended thinking needs a budget below
 * `max_tokens`: when the caller or the model fixes `max_tokens` the budget is lowered
 * to fit (with a warning) or thinking is left off when even the minimum does not fit;
 * when nothing fixes it, `max_tokens` becomes the budget plus the 4096 default, so the
 * answer keeps room after the thinking. `forcedBy` (a forced tool call) rules thinking
 * out, as Anthropic does.
 */
export function encodeAnthropicThinking(
  request: ChatRequest,
  target: EncodeTarget,
  forcedBy: string | undefined,
  warnings: Warning[],
): EncodedAnthropicThinking {
  let budget = resolveBudget(request.reasoningEffort, forcedBy, warnings);
  const asked = request.sampling.maxOutputTokens;
  const limit = asked ?? target.maxOutputTokens;
  if (limit === undefined) {
    const maxTokens = DEFAULT_MAX_TOKENS + (budget ?? 0);
    warnings.push({ type: 'other', message: `max_tokens defaulted to ${maxTokens}: Anthropic requires it and no output limit is known for the model` });
    return withThinking(maxTokens, budget);
  }
  if (asked === undefined) {
    warnings.push({ type: 'other', message: `max_tokens defaulted to ${limit}, the model's output limit: Anthropic requires it` });
  }
  if (budget !== undefined && budget >= limit) {
    if (limit - 1 < MIN_BUDGET) {
      addUnsupportedWarning(warnings, 'reasoningEffort', `max_tokens ${limit} leaves no room for Anthropic's minimum thinking budget of ${MIN_BUDGET}; thinking was not enabled`);
      return { maxTokens: limit };
    }
    warnings.push({ type: 'other', message: `thinking budget lowered from ${budget} to ${limit - 1} to stay below max_tokens` });
    budget = limit - 1;
  }
  return withThinking(limit, budget);
}

function resolveBudget(effort: string | undefined, forcedBy: string | undefined, warnings: Warning[]): number | undefined {
  if (effort === undefined || effort === 'none') return undefined;
  const budget = Object.hasOwn(THINKING_BUDGETS, effort) ? THINKING_BUDGETS[effort] : undefined;
  if (budget === undefined) {
    const known = Object.keys(THINKING_BUDGETS).join(', ');
    addUnsupportedWarning(warnings, 'reasoningEffort', `"${effort}" has no Anthropic thinking budget (known: ${known}, none); thinking was not enabled`);
    return undefined;
  }
  if (forcedBy !== undefined) {
    addUnsupportedWarning(warnings, 'reasoningEffort', `Anthropic cannot think with ${forcedBy}; thinking was not enabled`);
    return undefined;
  }
  return budget;
}

function withThinking(maxTokens: number, budget: number | undefined): EncodedAnthropicThinking {
  return budget === undefined ? { maxTokens } : { maxTokens, thinking: { type: 'enabled', budget_tokens: budget } };
}
