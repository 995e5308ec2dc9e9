import type { ContentPart } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

type ToolResultPart = Extract<ContentPart, { type: 'tool-result' }>;

/**
 * A canonical tool result -> `{functionResponse: {name, response}}`. Gemini wants the
 * function's name (a canonical result only names the call id, so the caller resolves it)
 * and a JSON object as `response`: a result that is a JSON object is sent as that
 * object; anything else is wrapped as `{result: ...}` (parsed when it is JSON), and an
 * error result as `{error: ...}`, the key Google documents for failures.
 * https://ai.google.dev/api/caching#FunctionResponse
 */
export function encodeGeminiFunctionResponse(part: ToolResultPart, name: string, warnings: Warning[]): Record<string, unknown> {
  const value = readResultValue(resultText(part, warnings));
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  let response: unknown;
  if (part.isError) response = { error: value };
  else response = isObject ? value : { result: value };
  return { functionResponse: { name, response } };
}

function resultText(part: ToolResultPart, warnings: Warning[]): string {
  if (typeof part.content === 'string') return part.content;
  let text = '';
  for (const inner of part.content) {
    if (inner.type === 'text') text += inner.text;
    else addUnsupportedWarning(warnings, 'tool-result-media', `Gemini function responses carry JSON only; a ${inner.type} part was dropped`);
  }
  return text;
}

function readResultValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}
