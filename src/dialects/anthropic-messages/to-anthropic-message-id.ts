/**
 * A response id as Anthropic clients expect it: `msg_` + the id, unless it already has
 * the prefix. Claude Code groups the blocks of one answer by message id, so an upstream
 * that sent no id still gets a stable, visibly synthetic one rather than a bare `msg_`.
 */
export function toAnthropicMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id === '' ? 'unidentified' : id}`;
}
