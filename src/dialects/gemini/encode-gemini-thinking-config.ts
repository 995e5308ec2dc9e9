import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

// Gemini 2.x takes a token budget. low/medium/high/none are the budgets Google's own
// OpenAI-compatible endpoint uses for `reasoning_effort`:
// https://ai.google.dev/gemini-api/docs/openai#thinking
const BUDGETS: Record<string, number> = { none: 0, low: 1024, medium: 8192, high: 24_576 };

// Gemini 3 takes a level; the budget still works there but Google advises against it.
// https://ai.google.dev/gemini-api/docs/thinking#thinking-levels
const LEVELS: Record<string, string> = { minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH' };

/**
 * `reasoningEffort` -> `generationConfig.thinkingConfig`, per model generation: a
 * `thinkingBudget` for Gemini 2.x, a `thinkingLevel` for Gemini 3 and names that do not
 * say. `includeThoughts` is set whenever thinking is asked for, so thought summaries come
 * back as reasoning. What has no exact equivalent becomes a warning, never a silent
 * approximation: `minimal` on 2.x is sent as low's budget with a warning; `none` on
 * Gemini 3 (which cannot turn thinking off) and unknown efforts send no thinking config.
 */
export function encodeGeminiThinkingConfig(
  effort: string,
  generation: number | undefined,
  warnings: Warning[],
): Record<string, unknown> | undefined {
  const normalized = effort.trim().toLowerCase();
  if (generation !== undefined && generation < 3) {
    if (normalized === 'minimal') {
      addUnsupportedWarning(warnings, 'reasoningEffort', 'Gemini 2.x has no minimal effort; sent the low budget (1024 tokens)');
      return { thinkingBudget: BUDGETS.low, includeThoughts: true };
    }
    const budget = BUDGETS[normalized];
    if (budget === undefined) return unsupported(effort, warnings);
    return budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  if (normalized === 'none') {
    addUnsupportedWarning(warnings, 'reasoningEffort', 'Gemini 3 models cannot turn thinking off; the model default applies');
    return undefined;
  }
  const level = LEVELS[normalized];
  return level === undefined ? unsupported(effort, warnings) : { thinkingLevel: level, includeThoughts: true };
}

function unsupported(effort: string, warnings: Warning[]): undefined {
  addUnsupportedWarning(warnings, 'reasoningEffort', `"${effort}" has no Gemini equivalent; the model default applies`);
  return undefined;
}
