import { dropBodyFields, rewriteJsonFrame, type DialectQuirks } from '../../dialects/with-dialect-quirks.js';
import { isRecord } from '../../dialects/_shared/is-record.js';

/** Rejected by every Grok reasoning model with an error. https://docs.x.ai/docs/guides/reasoning */
const REASONING_UNSUPPORTED = ['presence_penalty', 'frequency_penalty', 'stop'];

/**
 * xAI's chat API on top of OpenAI's. Only grok-3-mini returns `reasoning_content`
 * (read by the openai-chat decoders); grok-4 reasons without showing it.
 */
export const xaiQuirks: DialectQuirks = {
  encodeBody(body, context) {
    let result = body;
    if (isReasoningModel(context.model)) {
      result = dropBodyFields(result, REASONING_UNSUPPORTED, context, 'Grok reasoning models reject it; it was not sent');
    }
    // grok-3, grok-4 (fast variants included) and grok-code-fast reject `reasoning_effort`;
    // grok-3-mini accepts it. https://docs.x.ai/docs/guides/reasoning
    if (rejectsReasoningEffort(context.model)) {
      result = dropBodyFields(result, ['reasoning_effort'], context, 'this Grok model has no effort setting; it was not sent');
    }
    return result;
  },
  decodeBody: countReasoningAsOutput,
  decodeFrame: (frame) => rewriteJsonFrame(frame, (data) => data.includes('"reasoning_tokens"'), countReasoningAsOutput),
};

/** Every Grok 4 model, grok-3-mini and grok-code-fast reason, except `*-non-reasoning`. */
function isReasoningModel(model: string): boolean {
  return /^grok-(4|3-mini|code)/.test(model) && !model.includes('non-reasoning');
}

function rejectsReasoningEffort(model: string): boolean {
  return /^grok-(3(?!-mini)|4(?!\.20-multi-agent|\.3)|code-fast)/.test(model);
}

/**
 * xAI counts reasoning tokens apart from `completion_tokens` (OpenAI counts them inside):
 * "reasoning token consumption will be counted separately from completion_tokens, but
 * will be counted in the total_tokens" (https://docs.x.ai/docs/key-information/consumption-and-rate-limits).
 * When `total_tokens` shows exactly that split, reasoning is added to `completion_tokens`
 * so output is priced in full; any other arithmetic is left alone.
 */
function countReasoningAsOutput(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.usage)) return body;
  const usage = body.usage;
  const details = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const { prompt_tokens: prompt, completion_tokens: completion, total_tokens: total } = usage;
  const reasoning = details.reasoning_tokens;
  if (typeof prompt !== 'number' || typeof completion !== 'number' || typeof total !== 'number' || typeof reasoning !== 'number') return body;
  if (reasoning === 0 || prompt + completion + reasoning !== total) return body;
  return { ...body, usage: { ...usage, completion_tokens: completion + reasoning } };
}

