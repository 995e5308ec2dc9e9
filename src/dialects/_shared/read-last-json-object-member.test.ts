import { describe, expect, it } from 'vitest';
import { readLastJsonObjectMember } from './read-last-json-object-member.js';

describe('readLastJsonObjectMember', () => {
  it('reads the last object member without parsing the rest', () => {
    const text = '{"choices":[{"message":{"content":"hi"}}],"usage": {"prompt_tokens":3,"details":{"a":1}}}';
    expect(readLastJsonObjectMember(text, 'usage')).toEqual({ prompt_tokens: 3, details: { a: 1 } });
  });

  it('skips the key inside string values and braces inside strings', () => {
    const text = '{"usage":{"n":"a}b\\"{"},"choices":[{"content":"say \\"usage\\": {x}"}]}';
    expect(readLastJsonObjectMember(text, 'usage')).toEqual({ n: 'a}b"{' });
  });

  it('answers undefined for absent, null, non-object or truncated members', () => {
    expect(readLastJsonObjectMember('{"a":1}', 'usage')).toBeUndefined();
    expect(readLastJsonObjectMember('{"usage":null}', 'usage')).toBeUndefined();
    expect(readLastJsonObjectMember('{"usage":[1]}', 'usage')).toBeUndefined();
    expect(readLastJsonObjectMember('{"usage":{"a":1', 'usage')).toBeUndefined();
  });
});
