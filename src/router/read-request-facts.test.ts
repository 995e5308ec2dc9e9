import { describe, expect, it } from 'vitest';
import { estimateRequestTokens } from './estimate-request-tokens.js';
import { readRequestFacts } from './read-request-facts.js';

const chatBody = {
  model: 'gpt-4o',
  user: 'end-user-7',
  metadata: { team: 'search', priority: 3, tier: 'gold', nested: { a: 1 } },
  tools: [{ type: 'function', function: { name: 'lookup', parameters: {} } }],
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'first question' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: 'tool says hi' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Describe this' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        { type: 'text', text: 'in one line' },
      ],
    },
    { role: 'assistant', content: 'Sure.' },
  ],
};

const anthropicBody = {
  model: 'claude-sonnet',
  system: 'Be brief.',
  metadata: { user_id: 'anthropic-user-1' },
  tools: [{ name: 'screenshot', input_schema: { type: 'object' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Take a screenshot' }] },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'screenshot', input: {} }] },
    {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] }],
    },
  ],
};

const responsesBody = {
  model: 'gpt-4.1',
  instructions: 'Answer in French.',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'old question' }] },
    { type: 'function_call', call_id: 'f1', name: 'lookup', arguments: '{}' },
    { type: 'function_call_output', call_id: 'f1', output: 'result text' },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is in' }, { type: 'input_image', image_url: 'https://x/y.png' }, { type: 'input_text', text: 'this picture?' }] },
  ],
};

describe('readRequestFacts on OpenAI Chat Completions', () => {
  const facts = readRequestFacts(chatBody);

  it('reads the last user message, joining its text parts and skipping the image', () => {
    expect(facts.lastUserText()).toBe('Describe this\nin one line');
  });

  it('sees the tools and the image_url part', () => {
    expect(facts.hasTools()).toBe(true);
    expect(facts.hasImages()).toBe(true);
  });

  it('keeps only the string metadata fields and takes `user` as the end user', () => {
    expect(facts.metadata()).toEqual({ team: 'search', tier: 'gold' });
    expect(facts.endUser()).toBe('end-user-7');
  });

  it('estimates prompt tokens as the shared estimator does', () => {
    expect(facts.promptTokens()).toBe(estimateRequestTokens(chatBody).inputTokens);
    expect(facts.promptTokens()).toBeGreaterThan(50);
  });

  it('reads a plain string user message and legacy functions', () => {
    const legacy = readRequestFacts({ functions: [{ name: 'f' }], messages: [{ role: 'user', content: 'hello there' }] });
    expect(legacy.lastUserText()).toBe('hello there');
    expect(legacy.hasTools()).toBe(true);
    expect(legacy.hasImages()).toBe(false);
  });

  it('treats empty tool lists as no tools', () => {
    expect(readRequestFacts({ tools: [], functions: [], messages: [] }).hasTools()).toBe(false);
  });
});

describe('readRequestFacts on Anthropic Messages', () => {
  const facts = readRequestFacts(anthropicBody);

  it('skips a user turn that only carries tool results when looking for the user text', () => {
    expect(facts.lastUserText()).toBe('Take a screenshot');
  });

  it('finds an image nested in a tool_result', () => {
    expect(facts.hasImages()).toBe(true);
    expect(facts.hasTools()).toBe(true);
  });

  it('takes metadata.user_id as the end user', () => {
    expect(facts.endUser()).toBe('anthropic-user-1');
    expect(facts.metadata()).toEqual({ user_id: 'anthropic-user-1' });
  });

  it('ignores tool result text but keeps text sent beside it', () => {
    const mixed = readRequestFacts({
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'secret tool output' }, { type: 'text', text: 'now summarise' }] }],
    });
    expect(mixed.lastUserText()).toBe('now summarise');
  });

  it('finds a top-level image block and reports none when only text is sent', () => {
    expect(readRequestFacts({ messages: [{ role: 'user', content: [{ type: 'image', source: {} }] }] }).hasImages()).toBe(true);
    expect(readRequestFacts({ messages: [{ role: 'user', content: [{ type: 'tool_result', content: 'text only' }] }] }).hasImages()).toBe(false);
  });
});

describe('readRequestFacts on OpenAI Responses', () => {
  it('reads the last user message item, skipping non-message items', () => {
    const facts = readRequestFacts(responsesBody);
    expect(facts.lastUserText()).toBe('What is in\nthis picture?');
    expect(facts.hasImages()).toBe(true);
    expect(facts.hasTools()).toBe(false);
  });

  it('takes a plain string input as the user text', () => {
    const facts = readRequestFacts({ input: 'Translate hello', instructions: 'x', tools: [{ type: 'web_search' }] });
    expect(facts.lastUserText()).toBe('Translate hello');
    expect(facts.hasTools()).toBe(true);
    expect(facts.hasImages()).toBe(false);
  });

  it('finds an input_image returned in a function_call_output', () => {
    const facts = readRequestFacts({ input: [{ type: 'function_call_output', call_id: 'f', output: [{ type: 'input_image', image_url: 'u' }] }] });
    expect(facts.hasImages()).toBe(true);
    expect(facts.lastUserText()).toBe('');
  });
});

describe('readRequestFacts on hostile input', () => {
  const junkBodies: Record<string, unknown>[] = [
    {},
    { messages: null, input: 42, tools: 'yes', functions: {}, metadata: [1, 2], user: 12 },
    { messages: [null, 1, 'user', [], { role: 'user', content: 7 }], metadata: 'x' },
    { messages: [{ role: 'user', content: [null, 3, { type: 'text', text: 9 }, { type: 'image_url' }, [{ type: 'text' }]] }] },
    { input: [{ role: 'user', content: { type: 'input_text', text: 'not an array' } }, { output: { type: 'input_image' } }] },
    { messages: [{ role: 'user', content: [{ type: 'tool_result', content: { type: 'image' } }] }], metadata: { user_id: { id: 'x' } } },
    { messages: { 0: { role: 'user', content: 'object, not array' }, length: 1 } },
  ];

  it('never throws and falls back to empty facts', () => {
    for (const body of junkBodies) {
      const facts = readRequestFacts(body);
      expect(typeof facts.lastUserText()).toBe('string');
      expect(Number.isFinite(facts.promptTokens())).toBe(true);
      expect(typeof facts.hasTools()).toBe('boolean');
      expect(typeof facts.hasImages()).toBe('boolean');
      expect(typeof facts.metadata()).toBe('object');
      expect(facts.endUser()).toBeUndefined();
    }
  });

  it('reads what is usable beside junk', () => {
    const facts = readRequestFacts(junkBodies[3] as Record<string, unknown>);
    expect(facts.lastUserText()).toBe('');
    expect(facts.hasImages()).toBe(true);
    expect(readRequestFacts(junkBodies[2] as Record<string, unknown>).lastUserText()).toBe('');
    expect(readRequestFacts(junkBodies[1] as Record<string, unknown>).hasTools()).toBe(false);
  });

  it('treats an end user over 256 characters or empty as absent, falling back to metadata.user_id', () => {
    expect(readRequestFacts({ user: 'u'.repeat(256) }).endUser()).toBe('u'.repeat(256));
    expect(readRequestFacts({ user: 'u'.repeat(257) }).endUser()).toBeUndefined();
    expect(readRequestFacts({ user: '' }).endUser()).toBeUndefined();
    expect(readRequestFacts({ user: 'u'.repeat(257), metadata: { user_id: 'short' } }).endUser()).toBe('short');
  });

  it('keeps a __proto__ metadata key as a plain field', () => {
    const body = JSON.parse('{"metadata":{"__proto__":"evil","plan":"pro"}}') as Record<string, unknown>;
    const metadata = readRequestFacts(body).metadata();
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    expect(Object.keys(metadata).sort()).toEqual(['__proto__', 'plan']);
    expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('evil');
  });

  it('looks only at the last 1,000 messages', () => {
    const filler = Array.from({ length: 1000 }, () => ({ role: 'assistant', content: 'ok' }));
    const early = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'u' } }, { type: 'text', text: 'too old' }] }];
    const facts = readRequestFacts({ messages: [...early, ...filler] });
    expect(facts.lastUserText()).toBe('');
    expect(facts.hasImages()).toBe(false);
    const within = readRequestFacts({ messages: [...early, ...filler.slice(1)] });
    expect(within.lastUserText()).toBe('too old');
  });

  it('computes each fact once', () => {
    const body: Record<string, unknown> = { messages: [{ role: 'user', content: 'before' }] };
    const facts = readRequestFacts(body);
    const tokens = facts.promptTokens();
    expect(facts.lastUserText()).toBe('before');
    body.messages = [{ role: 'user', content: 'after, and much longer than before '.repeat(20) }];
    expect(facts.lastUserText()).toBe('before');
    expect(facts.promptTokens()).toBe(tokens);
  });
});
