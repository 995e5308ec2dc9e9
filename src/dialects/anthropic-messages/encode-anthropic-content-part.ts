import { Buffer } from 'node:buffer';
import type { ContentPart, MediaSource } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { addUnsupportedWarning } from '../_shared/add-unsupported-warning.js';

type WireBlock = Record<string, unknown>;

/**
 * A user-side canonical part (text, image, file) -> an Anthropic content block, for user
 * turns and for the content of tool results. Parts Anthropic cannot take are dropped
 * with a warning; empty text is dropped silently because Anthropic rejects empty text
 * blocks and an empty string says nothing. `where` names the place in warnings.
 */
export function encodeAnthropicContentPart(part: ContentPart, where: string, warnings: Warning[]): WireBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text === '' ? undefined : { type: 'text', text: part.text };
    case 'image':
      if (part.detail !== undefined && part.detail !== 'auto') {
        addUnsupportedWarning(warnings, 'image-detail', `Anthropic has no image detail level; "${part.detail}" was not sent`);
      }
      return { type: 'image', source: encodeSource(part.source) };
    case 'file':
      return encodeDocument(part, warnings);
    default:
      addUnsupportedWarning(warnings, `${where}-${part.type}`, `Anthropic ${where} content cannot carry ${part.type} parts; they were dropped`);
      return undefined;
  }
}

/**
 * PDFs travel as `document` blocks (inline or by URL) and inline plain text as a text
 * document: https://docs.anthropic.com/en/docs/build-with-claude/pdf-support. Other
 * files (audio, office documents) have no Messages block.
 */
function encodeDocument(part: Extract<ContentPart, { type: 'file' }>, warnings: Warning[]): WireBlock | undefined {
  let source: WireBlock | undefined;
  if (part.mediaType === 'application/pdf') source = encodeSource(part.source);
  else if (part.mediaType === 'text/plain' && part.source.type === 'base64') {
    source = { type: 'text', media_type: 'text/plain', data: Buffer.from(part.source.data, 'base64').toString('utf8') };
  }
  if (!source) {
    const form = part.source.type === 'url' ? `${part.mediaType} file URL` : `${part.mediaType} file`;
    addUnsupportedWarning(warnings, 'file', `Anthropic takes PDF and plain-text documents only; a ${form} was dropped`);
    return undefined;
  }
  const block: WireBlock = { type: 'document', source };
  if (part.filename !== undefined) block.title = part.filename;
  return block;
}

function encodeSource(source: MediaSource): WireBlock {
  if (source.type === 'url') return { type: 'url', url: source.url };
  return { type: 'base64', media_type: source.mediaType, data: source.data };
}
