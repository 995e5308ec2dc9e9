import type { ContentPart } from '../../core/chat-request.js';
import type { ChatChoice, ChatResponse } from '../../core/chat-response.js';
import type { ChatStreamEvent } from '../../core/chat-stream-event.js';

/**
 * Rebuilds the complete answer from a stream's events, in arrival order, so a streamed
 * turn can be stored like a complete one. Consecutive text (and reasoning) deltas join
 * into one part.
 */
export class StreamResponseCollector {
  #id = '';
  #model = '';
  #createdAt = 0;
  readonly #choices = new Map<number, ChatChoice>();
  readonly #tools = new Map<string, Extract<ContentPart, { type: 'tool-call' }>>();
  #usage: ChatResponse['usage'];

  push(event: ChatStreamEvent): void {
    switch (event.type) {
      case 'response-start':
        this.#id = event.id;
        this.#model = event.model;
        this.#createdAt = event.createdAt;
        return;
      case 'text-delta':
        this.#appendText(event.index, 'text', event.delta);
        return;
      case 'reasoning-delta':
        this.#appendText(event.index, 'reasoning', event.delta, event.signature);
        return;
      case 'tool-call-start': {
        const part = { type: 'tool-call' as const, toolCallId: event.toolCallId, toolName: event.toolName, argumentsJson: '' };
        this.#choice(event.index).content.push(part);
        this.#tools.set(`${event.index}:${event.toolIndex}`, part);
        return;
      }
      case 'tool-call-delta': {
        const part = this.#tools.get(`${event.index}:${event.toolIndex}`);
        if (part) part.argumentsJson += event.argumentsDelta;
        return;
      }
      case 'choice-end':
        this.#choice(event.index).finishReason = event.finishReason;
        return;
      case 'usage':
        this.#usage = event.usage;
        return;
      default:
        return;
    }
  }

  response(): ChatResponse {
    const choices = [...this.#choices.values()].sort((left, right) => left.index - right.index);
    return { id: this.#id, model: this.#model, createdAt: this.#createdAt, choices, usage: this.#usage };
  }

  #choice(index: number): ChatChoice {
    let choice = this.#choices.get(index);
    if (!choice) {
      choice = { index, content: [], finishReason: { unified: 'other' } };
      this.#choices.set(index, choice);
    }
    return choice;
  }

  #appendText(index: number, type: 'text' | 'reasoning', delta: string, signature?: string): void {
    const content = this.#choice(index).content;
    const last = content.at(-1);
    if (last?.type === type) {
      last.text += delta;
      if (type === 'reasoning' && signature !== undefined && last.type === 'reasoning') last.signature = (last.signature ?? '') + signature;
      return;
    }
    content.push(type === 'text' ? { type, text: delta } : { type, text: delta, ...(signature !== undefined ? { signature } : {}) });
  }
}
