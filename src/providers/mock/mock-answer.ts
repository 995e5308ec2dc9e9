import type { ChatMessage } from '../../core/chat-request.js';

function textOf(message: ChatMessage): string {
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** The mock's answer: `echo: <last user message>`. */
export function mockAnswerText(messages: readonly ChatMessage[]): string {
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return `echo: ${lastUser ? textOf(lastUser) : ''}`;
}

/** Usage as whitespace-separated word counts: every message's text in, the answer out. */
export function mockUsage(messages: readonly ChatMessage[], answer: string): { inputTokens: number; outputTokens: number } {
  return {
    inputTokens: messages.reduce((total, message) => total + countWords(textOf(message)), 0),
    outputTokens: countWords(answer),
  };
}

/** Splits the answer into one chunk per word; the chunks join back to the exact text. */
export function splitIntoWordChunks(text: string): string[] {
  const chunks: string[] = text.match(/\s*\S+/g) ?? [];
  const joined = chunks.join('');
  if (joined.length < text.length) {
    const rest = text.slice(joined.length);
    if (chunks.length === 0) chunks.push(rest);
    else chunks[chunks.length - 1] += rest;
  }
  return chunks;
}
