type CountTokens = (text: string) => number;

// The tokenizer's tables take ~65 MiB: loaded on the first count, so a gateway with no
// token limits or budgets never holds them.
let loading: Promise<CountTokens> | undefined;
function loadTokenizer(): Promise<CountTokens> {
  loading ??= import('gpt-tokenizer').then((module) => module.countTokens);
  return loading;
}

/** Tokens counted for an image, whatever its size: a deliberate round figure (a 1024² image is ~765 with OpenAI). */
export const IMAGE_TOKENS = 1000;
/** Fields whose strings are structure, not prompt text. */
const STRUCTURAL = new Set(['model', 'role', 'type', 'id', 'tool_call_id', 'call_id', 'detail', 'media_type', 'mime_type', 'cache_control', 'user', 'stream', 'signature']);
const MAX_DEPTH = 64;

function isImageData(text: string): boolean {
  return text.startsWith('data:') || (text.length > 1024 && !/\s/.test(text.slice(0, 1024)));
}

/**
 * The prompt's size in tokens before sending, for token-per-minute limits and budget
 * reservations: every string of the body that is content (messages, system prompt, tool
 * schemas), counted with OpenAI's o200k tokenizer (gpt-tokenizer), images at a flat
 * IMAGE_TOKENS. Exact for OpenAI's current models, close for the rest; it is reconciled
 * with the provider's reported usage after the answer.
 */
export async function countPromptTokens(body: Record<string, unknown>): Promise<number> {
  const countTokens = await loadTokenizer();
  let tokens = 0;
  const visit = (value: unknown, field: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (typeof value === 'string') {
      if (STRUCTURAL.has(field)) return;
      tokens += isImageData(value) ? IMAGE_TOKENS : countTokens(value);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, field, depth + 1);
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) {
        if (name === 'image_url' || name === 'url') tokens += IMAGE_TOKENS;
        else visit(item, name, depth + 1);
      }
    }
  };
  for (const [name, value] of Object.entries(body)) {
    if (name === 'messages' || name === 'input' || name === 'system' || name === 'instructions' || name === 'tools' || name === 'prompt') visit(value, name, 0);
  }
  return tokens;
}
