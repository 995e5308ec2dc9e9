import { readRedactedThinkingData } from './redacted-thinking-signature.js';

/** A `content_block_start` / `content_block_delta` / `content_block_stop` event. */
export type AnthropicBlockEventWire =
  | { type: 'content_block_start'; index: number; content_block: Record<string, unknown> }
  | { type: 'content_block_delta'; index: number; delta: Record<string, unknown> }
  | { type: 'content_block_stop'; index: number };

interface BlockState {
  /** Anthropic block index, set when `content_block_start` was written. */
  index?: number;
  /** No more content will come (or the block was closed early, see `#isComplete`). */
  finished: boolean;
  closed: boolean;
  /** Content received but not yet written. */
  unsent: string;
}

interface TextBlock extends BlockState {
  kind: 'text';
}
interface ThinkingBlock extends BlockState {
  kind: 'thinking';
  signature?: string;
  signatureSent: boolean;
}
interface RedactedBlock extends BlockState {
  kind: 'redacted';
  data: string;
}
interface ToolBlock extends BlockState {
  kind: 'tool';
  id: string;
  name: string;
  /** Every argument fragment received, sent or not. */
  arguments: string;
  argumentsSent: boolean;
  /** `arguments.length` when `complete` was last computed. */
  checkedLength: number;
  complete: boolean;
}
type Block = TextBlock | ThinkingBlock | RedactedBlock | ToolBlock;

/**
 * Orders one choice's content into Anthropic blocks: one open block at a time, indexes
 * from 0 in the order blocks open, each `start` matched by one `stop`. A text or
 * thinking block ends when any other block begins (more text later opens a new block);
 * a thinking block also ends with its signature, as Anthropic sends `signature_delta`
 * last. A tool block ends at its `tool-call-end`, or earlier when a later block is
 * waiting and its arguments already form a complete JSON value (OpenAI-style upstreams
 * end every call only when the choice finishes). Content for a block that cannot open
 * yet is buffered and written, in order, as soon as the blocks before it close.
 */
export class AnthropicBlockSequencer {
  readonly #emit: (event: AnthropicBlockEventWire) => void;
  readonly #blocks: Block[] = [];
  readonly #tools = new Map<number, ToolBlock>();
  /** Argument fragments that arrived before their `tool-call-start`. */
  readonly #orphanArguments = new Map<number, string>();
  /** Position in `#blocks` of the first block not yet closed. */
  #cursor = 0;
  #nextIndex = 0;

  constructor(emit: (event: AnthropicBlockEventWire) => void) {
    this.#emit = emit;
  }

  /** True once any tool call began (decides `stop_reason: tool_use`). */
  get hasToolCalls(): boolean {
    return this.#tools.size > 0;
  }

  text(delta: string): void {
    if (delta === '') return;
    const last = this.#blocks.at(-1);
    const block = last?.kind === 'text' && !last.finished ? last : this.#push({ kind: 'text', ...fresh() });
    block.unsent += delta;
    this.#pump();
  }

  /** `signature` ends the thinking block; a redacted-thinking signature is a block of its own. */
  reasoning(delta: string, signature: string | undefined): void {
    if (delta !== '') this.#openThinking().unsent += delta;
    if (signature) {
      const redacted = readRedactedThinkingData(signature);
      if (redacted !== undefined) this.#push({ kind: 'redacted', data: redacted, ...fresh(), finished: true });
      else {
        const block = this.#openThinking();
        block.signature = signature;
        block.finished = true;
      }
    }
    this.#pump();
  }

  toolStart(toolIndex: number, id: string, name: string): void {
    if (this.#tools.has(toolIndex)) return;
    const early = this.#orphanArguments.get(toolIndex) ?? '';
    this.#orphanArguments.delete(toolIndex);
    const block: ToolBlock = { kind: 'tool', id, name, arguments: early, argumentsSent: false, checkedLength: -1, complete: false, ...fresh() };
    block.unsent = early;
    this.#tools.set(toolIndex, this.#push(block));
    this.#pump();
  }

  toolDelta(toolIndex: number, argumentsDelta: string): void {
    if (argumentsDelta === '') return;
    const block = this.#tools.get(toolIndex);
    if (!block) {
      this.#orphanArguments.set(toolIndex, (this.#orphanArguments.get(toolIndex) ?? '') + argumentsDelta);
      return;
    }
    // A block closed early held a complete JSON value: anything after it could only
    // make the input invalid, so it is not sent (SURFACE.md).
    if (block.closed) return;
    block.arguments += argumentsDelta;
    block.unsent += argumentsDelta;
    this.#pump();
  }

  toolEnd(toolIndex: number): void {
    const block = this.#tools.get(toolIndex);
    if (!block) return;
    block.finished = true;
    this.#pump();
  }

  /** The choice ended: write everything buffered and close every block. */
  finishAll(): void {
    for (const block of this.#blocks) block.finished = true;
    this.#pump();
  }

  #push<T extends Block>(block: T): T {
    const last = this.#blocks.at(-1);
    if (last && (last.kind === 'text' || last.kind === 'thinking')) last.finished = true;
    this.#blocks.push(block);
    return block;
  }

  #openThinking(): ThinkingBlock {
    const last = this.#blocks.at(-1);
    if (last?.kind === 'thinking' && !last.finished) return last;
    return this.#push({ kind: 'thinking', signatureSent: false, ...fresh() });
  }

  #pump(): void {
    while (this.#cursor < this.#blocks.length) {
      const block = this.#blocks[this.#cursor];
      if (!block) return;
      if (block.index === undefined) this.#open(block);
      this.#flush(block);
      if (!this.#isDone(block)) return;
      this.#close(block);
      this.#cursor += 1;
    }
  }

  #isDone(block: Block): boolean {
    if (block.finished) return true;
    return block.kind === 'tool' && this.#cursor < this.#blocks.length - 1 && this.#isComplete(block);
  }

  #isComplete(block: ToolBlock): boolean {
    if (block.checkedLength !== block.arguments.length) {
      block.checkedLength = block.arguments.length;
      block.complete = parsesAsJson(block.arguments);
    }
    return block.complete;
  }

  #open(block: Block): void {
    const index = this.#nextIndex;
    this.#nextIndex += 1;
    block.index = index;
    this.#emit({ type: 'content_block_start', index, content_block: startBlock(block) });
  }

  #flush(block: Block): void {
    const index = block.index ?? 0;
    switch (block.kind) {
      case 'text':
        if (block.unsent !== '') this.#emit({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.unsent } });
        block.unsent = '';
        return;
      case 'thinking':
        if (block.unsent !== '') this.#emit({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.unsent } });
        block.unsent = '';
        if (block.signature !== undefined && !block.signatureSent) {
          block.signatureSent = true;
          this.#emit({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
        }
        return;
      case 'tool':
        // Leading whitespace waits for real content: whitespace alone is not valid JSON,
        // and arguments that never get past it leave the start event's `input: {}`.
        if (block.unsent === '' || (!block.argumentsSent && block.unsent.trim() === '')) return;
        this.#emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: block.unsent } });
        block.argumentsSent = true;
        block.unsent = '';
        return;
      case 'redacted':
        return;
    }
  }

  #close(block: Block): void {
    block.closed = true;
    block.finished = true;
    this.#emit({ type: 'content_block_stop', index: block.index ?? 0 });
  }
}

function fresh(): BlockState {
  return { finished: false, closed: false, unsent: '' };
}

function startBlock(block: Block): Record<string, unknown> {
  switch (block.kind) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'redacted':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

function parsesAsJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
