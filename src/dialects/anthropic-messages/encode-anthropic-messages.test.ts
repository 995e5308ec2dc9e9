import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/chat-request.js';
import type { Warning } from '../../core/warning.js';
import { encodeAnthropicMessages } from './encode-anthropic-messages.js';

function encode(messages: ChatMessage[]) {
  const warnings: Warning[] = [];
  return { ...encodeAnthropicMessages(messages, warnings), warnings };
}

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('encodeAnthropicMessages', () => {
  it('merges consecutive turns of one role and puts tool results first in the user turn', () => {
    const encoded = encode([
      { role: 'user', content: [text('Weather in Paris and Rome?')] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', argumentsJson: '{"city":"Paris"}' },
          { type: 'tool-call', toolCallId: 'toolu_2', toolName: 'get_weather', argumentsJson: '' },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: '18°C' }] },
      { role: 'user', content: [text('Also, hurry.')] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_2', content: [text('unknown city')], isError: true }] },
    ]);
    expect(encoded.messages).toStrictEqual([
      { role: 'user', content: [text('Weather in Paris and Rome?')] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [text('unknown city')], is_error: true },
          text('Also, hurry.'),
        ],
      },
    ]);
    expect(encoded.warnings).toStrictEqual([]);
  });

  it('hoists system messages, warning when one came mid-conversation', () => {
    const encoded = encode([
      { role: 'system', content: [text('Rule one.')] },
      { role: 'user', content: [text('Hi')] },
      { role: 'system', content: [text('Rule two.'), { type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
    ]);
    expect(encoded.system).toStrictEqual([text('Rule one.'), text('Rule two.')]);
    expect(encoded.messages).toStrictEqual([{ role: 'user', content: [text('Hi')] }]);
    expect(encoded.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : ''))).toStrictEqual([
      'system-position',
      'system-image',
    ]);
    expect(encode([{ role: 'user', content: [text('Hi')] }]).system).toBeUndefined();
  });

  it('sends images inline or by URL and PDFs and plain text as documents', () => {
    const encoded = encode([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'auto' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'file', mediaType: 'application/pdf', source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, filename: 'a.pdf' },
          { type: 'file', mediaType: 'application/pdf', source: { type: 'url', url: 'https://example.com/b.pdf' } },
          { type: 'file', mediaType: 'text/plain', source: { type: 'base64', mediaType: 'text/plain', data: Buffer.from('héllo').toString('base64') } },
        ],
      },
    ]);
    expect(encoded.messages[0]?.content).toStrictEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' },
      { type: 'document', source: { type: 'url', url: 'https://example.com/b.pdf' } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'héllo' } },
    ]);
    expect(encoded.warnings).toStrictEqual([]);
  });

  it('drops what Anthropic cannot carry, with a warning each', () => {
    const encoded = encode([
      {
        role: 'user',
        name: 'alice',
        content: [
          text(''),
          { type: 'file', mediaType: 'audio/wav', source: { type: 'base64', mediaType: 'audio/wav', data: 'UklGR' } },
          { type: 'image', source: { type: 'url', url: 'https://x/y.png' }, detail: 'low' },
        ],
      },
      { role: 'assistant', content: [{ type: 'reasoning', text: 'unsigned thought' }, text('ok')] },
    ]);
    expect(encoded.messages).toStrictEqual([
      { role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] },
      { role: 'assistant', content: [text('ok')] },
    ]);
    expect(encoded.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : ''))).toStrictEqual([
      'name',
      'file',
      'image-detail',
      'reasoning',
    ]);
  });

  it('sends signed and redacted reasoning back as thinking blocks, before the tool call', () => {
    const encoded = encode([
      { role: 'user', content: [text('q')] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Need the weather.', signature: 'EqQBsig==' },
          { type: 'reasoning', text: '', signature: 'anthropic-redacted-thinking:EmwKdata' },
          { type: 'tool-call', toolCallId: 'toolu_9', toolName: 'get_weather', argumentsJson: '{}' },
        ],
      },
    ]);
    expect(encoded.messages[1]?.content).toStrictEqual([
      { type: 'thinking', thinking: 'Need the weather.', signature: 'EqQBsig==' },
      { type: 'redacted_thinking', data: 'EmwKdata' },
      { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: {} },
    ]);
  });

  it('warns about parts tool messages and tool results cannot carry', () => {
    const encoded = encode([
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 't1', content: [{ type: 'reasoning', text: 'x' }] },
          text('stray'),
        ],
      },
    ]);
    expect(encoded.messages).toStrictEqual([{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1' }] }]);
    expect(encoded.warnings.map((warning) => (warning.type === 'unsupported-setting' ? warning.setting : ''))).toStrictEqual([
      'tool-result-reasoning',
      'tool-message-content',
    ]);
  });

  it('skips turns left empty instead of sending an empty content list', () => {
    const encoded = encode([
      { role: 'user', content: [text('a')] },
      { role: 'assistant', content: [text('')] },
      { role: 'user', content: [text('b')] },
    ]);
    expect(encoded.messages).toStrictEqual([{ role: 'user', content: [text('a'), text('b')] }]);
  });
});
