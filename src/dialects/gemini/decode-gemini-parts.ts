import type { ContentPart } from '../../core/chat-request.js';
import type { GeminiPartWire } from './gemini-wire.js';

/** Numbers the function calls of one candidate across a response or a stream. */
export interface ToolCallCounter {
  next: number;
}

/**
 * One candidate's wire parts -> canonical parts, in order. Shared by the complete and the
 * streamed decoder so both name the same calls alike.
 *
 * - `thought: true` text is reasoning; its `thoughtSignature`, if any, is the reasoning's
 *   signature.
 * - A signature on any other part (Gemini 3 puts it on the first function call of a step,
 *   or on the last part of an answer) becomes an empty signed reasoning part right
 *   before that part: the canonical model has no signature on text or tool calls, and
 *   `encodeGeminiContents` puts it back on the part that follows.
 *   https://ai.google.dev/gemini-api/docs/thought-signatures
 * - A function call gets Gemini's `id` when it sends one, else `call_<choice>_<n>`,
 *   deterministic and unique within the response even for parallel calls of one function.
 * - Media, executable code and other parts are skipped: the canonical answer has no slot.
 */
export function decodeGeminiParts(parts: readonly GeminiPartWire[], choiceIndex: number, counter: ToolCallCounter): ContentPart[] {
  const content: ContentPart[] = [];
  for (const part of parts) {
    const signature = part.thoughtSignature ?? undefined;
    if (part.thought) {
      const reasoning: ContentPart = { type: 'reasoning', text: part.text ?? '' };
      if (signature) reasoning.signature = signature;
      if (reasoning.text !== '' || signature) content.push(reasoning);
      continue;
    }
    if (signature) content.push({ type: 'reasoning', text: '', signature });
    if (part.functionCall) {
      const n = counter.next;
      counter.next += 1;
      content.push({
        type: 'tool-call',
        toolCallId: part.functionCall.id || `call_${choiceIndex}_${n}`,
        toolName: part.functionCall.name,
        argumentsJson: JSON.stringify(part.functionCall.args ?? {}),
      });
    } else if (typeof part.text === 'string' && part.text !== '') {
      content.push({ type: 'text', text: part.text });
    }
  }
  return content;
}
