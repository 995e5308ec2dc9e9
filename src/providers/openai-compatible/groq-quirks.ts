import type { Warning } from '../../core/warning.js';
import { dropBodyFields, rewriteJsonFrame, type DialectQuirks } from '../../dialects/with-dialect-quirks.js';
import { isRecord } from '../../dialects/_shared/is-record.js';

/** Fields Groq answers with a 400. https://console.groq.com/docs/openai */
const UNSUPPORTED = ['logprobs', 'logit_bias', 'top_logprobs'];

/**
 * Groq's chat API on top of OpenAI's. `max_completion_tokens` is Groq's own documented
 * name (https://console.groq.com/docs/api-reference#chat-create), so it is sent as is.
 */
export const groqQuirks: DialectQuirks = {
  encodeBody(body, context) {
    let result = dropBodyFields(body, UNSUPPORTED, context, 'Groq rejects it with a 400; it was not sent');
    // "If N is supplied, it must be equal to 1." https://console.groq.com/docs/openai
    if (result.n !== undefined && result.n !== null && result.n !== 1) {
      result = dropBodyFields(result, ['n'], context, 'Groq generates one choice; one was generated');
    }
    if (Array.isArray(result.messages)) result = { ...result, messages: dropMessageNames(result.messages, context.warnings) };
    return result;
  },
  // Some Groq versions put the stream's usage in `x_groq.usage` on the final chunk
  // instead of `usage`. https://console.groq.com/docs/api-reference#chat-create
  decodeFrame: (frame) => rewriteJsonFrame(frame, (data) => data.includes('"x_groq"'), liftGroqUsage),
};

/** `messages[].name` is a 400 on Groq. https://console.groq.com/docs/openai */
function dropMessageNames(messages: unknown[], warnings: Warning[]): unknown[] {
  return messages.map((message) => {
    if (!isRecord(message) || !('name' in message) || message.role === 'tool') return message;
    const { name, ...rest } = message;
    const seen = warnings.some((warning) => warning.type === 'unsupported-setting' && warning.setting === 'messages.name');
    if (name !== null && name !== undefined && !seen) warnings.push({ type: 'unsupported-setting', setting: 'messages.name', detail: 'Groq rejects message names; they were dropped' });
    return rest;
  });
}

function liftGroqUsage(chunk: unknown): unknown {
  if (!isRecord(chunk) || !isRecord(chunk.x_groq) || !isRecord(chunk.x_groq.usage)) return chunk;
  if (isRecord(chunk.usage)) return chunk;
  return { ...chunk, usage: chunk.x_groq.usage };
}

