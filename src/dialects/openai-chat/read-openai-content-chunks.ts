import type { OpenAIResponseContentWire } from './openai-chat-wire.js';

/** One run of answer text or reasoning, in the order the upstream wrote it. */
export interface OpenAIContentRun {
  kind: 'text' | 'reasoning';
  text: string;
}

/**
 * Reads an answer's `content` (complete message or stream delta): a string is text; an
 * array (Mistral) yields its `text` chunks as text and its `thinking` chunks as
 * reasoning, so reasoning never leaks into the answer. Chunks of other types (references,
 * images) carry no text we can show and are skipped. Empty runs are left out.
 */
export function readOpenAIContentChunks(content: OpenAIResponseContentWire | null | undefined): OpenAIContentRun[] {
  if (typeof content === 'string') return content === '' ? [] : [{ kind: 'text', text: content }];
  const runs: OpenAIContentRun[] = [];
  for (const chunk of content ?? []) {
    if (chunk.type === 'text' && chunk.text) runs.push({ kind: 'text', text: chunk.text });
    else if (chunk.type === 'thinking') {
      const thinking = typeof chunk.thinking === 'string' ? chunk.thinking : (chunk.thinking ?? []).map((part) => part.text ?? '').join('');
      if (thinking !== '') runs.push({ kind: 'reasoning', text: thinking });
    }
  }
  return runs;
}
