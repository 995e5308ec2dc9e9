import type { UpstreamFrame } from '../../core/upstream-frame.js';
import { dropBodyFields, renameBodyField, rewriteJsonFrame, type DialectQuirks } from '../../dialects/with-dialect-quirks.js';
import { isRecord } from '../../dialects/_shared/is-record.js';

/** Settings deepseek-reasoner ignores (temperature, top_p, penalties) or rejects (logprobs). */
const REASONER_UNSUPPORTED = ['temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs'];

/**
 * DeepSeek's chat API on top of OpenAI's. Reasoning arrives as `reasoning_content`,
 * which the openai-chat decoders read already.
 */
export const deepseekQuirks: DialectQuirks = {
  encodeBody(body, context) {
    // DeepSeek reads `max_tokens`, not `max_completion_tokens`.
    // https://api-docs.deepseek.com/api/create-chat-completion
    const renamed = renameBodyField(body, 'max_completion_tokens', 'max_tokens');
    if (!isReasonerModel(context.model)) return renamed;
    // The reasoner accepts sampling settings without effect and 400s on logprobs.
    // https://api-docs.deepseek.com/guides/reasoning_model
    return dropBodyFields(renamed, REASONER_UNSUPPORTED, context, 'deepseek-reasoner does not support it; it was not sent');
  },
  decodeBody: readCacheHitTokens,
  decodeFrame: (frame: UpstreamFrame) => rewriteJsonFrame(frame, (data) => data.includes('"prompt_cache_hit_tokens"'), readCacheHitTokens),
};

function isReasonerModel(model: string): boolean {
  return /reasoner/i.test(model);
}

/**
 * DeepSeek reports its context-cache hits as `usage.prompt_cache_hit_tokens`; servers
 * that do not also send `prompt_tokens_details.cached_tokens` get it copied there.
 * https://api-docs.deepseek.com/guides/kv_cache
 */
function readCacheHitTokens(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.usage)) return body;
  const usage = body.usage;
  const details = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  if (typeof usage.prompt_cache_hit_tokens !== 'number' || typeof details.cached_tokens === 'number') return body;
  return { ...body, usage: { ...usage, prompt_tokens_details: { ...details, cached_tokens: usage.prompt_cache_hit_tokens } } };
}

