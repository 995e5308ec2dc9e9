import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { readResponsesToolKinds } from './read-responses-tool-kinds.js';

const TOOLS = [
  { type: 'function', name: 'exec_command' },
  { type: 'custom', name: 'apply_patch' },
  {
    type: 'namespace',
    name: 'crm',
    tools: [{ type: 'function', name: 'lookup' }, { type: 'custom', name: 'query' }, { type: 'function', name: 'taken' }, { type: 'web_search' }],
  },
  { type: 'function', name: 'crm__taken' },
  { type: 'web_search' },
];

describe('readResponsesToolKinds', () => {
  it('maps the canonical names of custom and namespaced tools to their declaration', () => {
    expect([...readResponsesToolKinds(TOOLS)]).toEqual([
      ['apply_patch', { type: 'custom', name: 'apply_patch' }],
      ['crm__lookup', { type: 'function', name: 'lookup', namespace: 'crm' }],
      ['crm__query', { type: 'custom', name: 'query', namespace: 'crm' }],
    ]);
  });

  it('agrees with the decoder on which tool owns a name', () => {
    const offered = decodeResponsesRequest({ model: 'm', input: 'hi', tools: TOOLS }).request.tools?.map((tool) => tool.name) ?? [];
    const kinds = readResponsesToolKinds(TOOLS);
    expect(offered).toEqual(['exec_command', 'apply_patch', 'crm__lookup', 'crm__query', 'crm__taken']);
    // The top-level crm__taken is a plain function: no namespace is added to its calls.
    expect(offered.filter((name) => !kinds.has(name))).toEqual(['exec_command', 'crm__taken']);
  });

  it('reads anything that is not a tool list as no declarations', () => {
    expect(readResponsesToolKinds(undefined).size).toBe(0);
    expect(readResponsesToolKinds('tools').size).toBe(0);
    expect(readResponsesToolKinds([null, 3, { type: 'custom' }, { type: 'namespace', name: 'n', tools: 'x' }]).size).toBe(0);
  });
});
