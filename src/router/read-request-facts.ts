import { estimateRequestTokens } from './estimate-request-tokens.js';

/**
 * What `routes:` rules ask of a request body, read from any of the three APIs callers speak
 * (OpenAI Chat Completions, Anthropic Messages, OpenAI Responses). The costly facts are
 * functions computed on first call and cached, so a rule that never asks never pays.
 */
export interface RequestFacts {
  /** The text parts of the last user message joined with '\n' (tool results left out); '' when none. */
  lastUserText(): string;
  /** Estimated prompt tokens: characters / 4 of the whole body. */
  promptTokens(): number;
  /** The request offers at least one tool (`tools`, or Chat's legacy `functions`). */
  hasTools(): boolean;
  /** Some message carries an image, including one returned inside a tool result. */
  hasImages(): boolean;
  /** The string-valued fields of the body's `metadata`; others are skipped. */
  metadata(): Readonly<Record<string, string>>;
  /** OpenAI's `user` or Anthropic's `metadata.user_id`; undefined when absent, empty or over 256 characters. */
  endUser(): string | undefined;
}

/** Older messages cannot change the last user message, and a bound keeps hostile bodies cheap. */
const MAX_MESSAGES = 1000;
const MAX_END_USER_LENGTH = 256;
const IMAGE_PART_TYPES: ReadonlySet<unknown> = new Set(['image_url', 'image', 'input_image']);
const TEXT_PART_TYPES: ReadonlySet<unknown> = new Set(['text', 'input_text']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** Chat and Anthropic keep the conversation in `messages`; Responses in `input`. */
function conversation(body: Record<string, unknown>): readonly unknown[] {
  const items = Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : [];
  return items.length > MAX_MESSAGES ? items.slice(-MAX_MESSAGES) : items;
}

function partType(part: unknown): unknown {
  return isRecord(part) ? part.type : undefined;
}

/** An Anthropic user turn that only answers tool calls is Chat's `tool` role message; it has no user text. */
function onlyToolResults(content: unknown): boolean {
  return Array.isArray(content) && content.length > 0 && content.every((part) => partType(part) === 'tool_result');
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isRecord(part) && TEXT_PART_TYPES.has(part.type) && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}

function readLastUserText(body: Record<string, unknown>): string {
  if (typeof body.input === 'string' && !Array.isArray(body.messages)) return body.input;
  const items = conversation(body);
  for (let index = items.length - 1; index >= 0; index -= 1) {
    const item = items[index];
    if (!isRecord(item) || item.role !== 'user' || onlyToolResults(item.content)) continue;
    return textOf(item.content);
  }
  return '';
}

function blocksHoldImage(blocks: unknown): boolean {
  if (!Array.isArray(blocks)) return false;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    if (IMAGE_PART_TYPES.has(block.type)) return true;
    // A tool may answer with a screenshot: Anthropic nests it in tool_result.content.
    if (block.type === 'tool_result' && Array.isArray(block.content) && block.content.some((inner) => IMAGE_PART_TYPES.has(partType(inner)))) return true;
  }
  return false;
}

function readHasImages(body: Record<string, unknown>): boolean {
  // Responses' function_call_output may hold an input_image in `output`.
  return conversation(body).some((item) => isRecord(item) && (blocksHoldImage(item.content) || blocksHoldImage(item.output)));
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function readMetadata(body: Record<string, unknown>): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  if (isRecord(body.metadata)) {
    for (const [key, value] of Object.entries(body.metadata)) {
      // defineProperty so a `__proto__` key stays a plain field instead of swapping the prototype.
      if (typeof value === 'string') Object.defineProperty(fields, key, { value, enumerable: true });
    }
  }
  return Object.freeze(fields);
}

function usableEndUser(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_END_USER_LENGTH ? value : undefined;
}

/** Reads the routing facts of a raw, untrusted request body; never throws on any JSON value. */
export function readRequestFacts(body: Record<string, unknown>): RequestFacts {
  return {
    lastUserText: once(() => readLastUserText(body)),
    promptTokens: once(() => estimateRequestTokens(body).inputTokens),
    hasTools: once(() => nonEmptyArray(body.tools) || nonEmptyArray(body.functions)),
    hasImages: once(() => readHasImages(body)),
    metadata: once(() => readMetadata(body)),
    endUser: once(() => usableEndUser(body.user) ?? (isRecord(body.metadata) ? usableEndUser(body.metadata.user_id) : undefined)),
  };
}
