import { renameBodyField, type DialectQuirks } from '../../dialects/with-dialect-quirks.js';

/**
 * vLLM's OpenAI-compatible server on top of OpenAI's API. Reasoning arrives as
 * `reasoning` (newer releases) or `reasoning_content` (older ones), in answers and stream
 * deltas; the openai-chat decoders read both spellings.
 * https://docs.vllm.ai/en/latest/features/reasoning_outputs.html
 */
export const vllmQuirks: DialectQuirks = {
  encodeBody(body) {
    // `max_tokens` is read by every vLLM release; `max_completion_tokens` only by newer ones.
    // https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
    return renameBodyField(body, 'max_completion_tokens', 'max_tokens');
  },
};
