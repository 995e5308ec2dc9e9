import { describe, expect, it } from 'vitest';
import { allowsAll, compileModelAccess } from './model-access.js';

const NO_GROUPS = new Map<string, readonly string[]>();

describe('compileModelAccess', () => {
  it('allows every model when no list is set, and none for an empty list', () => {
    const open = compileModelAccess(undefined, NO_GROUPS);
    expect(open.all).toBe(true);
    expect(open.allows('anything/at-all')).toBe(true);
    const closed = compileModelAccess([], NO_GROUPS);
    expect(closed.all).toBe(false);
    expect(closed.allows('gpt-4o')).toBe(false);
    expect(closed.allows('')).toBe(false);
  });

  it('matches exact names only by equality', () => {
    const access = compileModelAccess(['gpt-4o', 'claude/sonnet'], NO_GROUPS);
    expect(access.allows('gpt-4o')).toBe(true);
    expect(access.allows('claude/sonnet')).toBe(true);
    expect(access.allows('gpt-4o-mini')).toBe(false);
    expect(access.allows('GPT-4O')).toBe(false);
    expect(access.allows('xgpt-4o')).toBe(false);
  });

  it('matches globs, with * spanning slashes', () => {
    const access = compileModelAccess(['claude/*', 'gpt-4o*', '*-embed'], NO_GROUPS);
    expect(access.allows('claude/sonnet')).toBe(true);
    expect(access.allows('claude/eu/sonnet')).toBe(true);
    expect(access.allows('claude/')).toBe(true);
    expect(access.allows('claude')).toBe(false);
    expect(access.allows('gpt-4o')).toBe(true);
    expect(access.allows('gpt-4o-mini')).toBe(true);
    expect(access.allows('gpt-4')).toBe(false);
    expect(access.allows('cohere/v3-embed')).toBe(true);
    expect(access.allows('x-claude/sonnet')).toBe(false);
  });

  it('treats a lone * as every model', () => {
    const access = compileModelAccess(['gpt-4o', '*'], NO_GROUPS);
    expect(access.all).toBe(true);
    expect(access.allows('mistral/large')).toBe(true);
  });

  it('keeps regex special characters literal', () => {
    const access = compileModelAccess(['gpt-4.1', 'a+b', 'x(1)*', 'q?', '[z]'], NO_GROUPS);
    expect(access.allows('gpt-4.1')).toBe(true);
    expect(access.allows('gpt-441')).toBe(false);
    expect(access.allows('a+b')).toBe(true);
    expect(access.allows('aab')).toBe(false);
    expect(access.allows('x(1)-turbo')).toBe(true);
    expect(access.allows('x1-turbo')).toBe(false);
    expect(access.allows('q')).toBe(false);
    expect(access.allows('z')).toBe(false);
    expect(access.allows('[z]')).toBe(true);
  });

  it('expands model groups to their names and globs', () => {
    const groups = new Map<string, readonly string[]>([
      ['fast', ['gpt-4o-mini', 'claude/haiku*']],
      ['everything', ['*']],
    ]);
    const access = compileModelAccess(['fast', 'gpt-4.1'], groups);
    expect(access.allows('gpt-4o-mini')).toBe(true);
    expect(access.allows('claude/haiku-4')).toBe(true);
    expect(access.allows('gpt-4.1')).toBe(true);
    expect(access.allows('fast')).toBe(false);
    expect(access.allows('claude/sonnet')).toBe(false);
    expect(compileModelAccess(['everything'], groups).all).toBe(true);
  });
});

describe('allowsAll', () => {
  it('requires every level to allow the model', () => {
    const key = compileModelAccess(['claude/*', 'gpt-4o'], NO_GROUPS);
    const team = compileModelAccess(['claude/sonnet', 'gpt-4o-mini'], NO_GROUPS);
    const user = compileModelAccess(undefined, NO_GROUPS);
    expect(allowsAll([key, team, user], 'claude/sonnet')).toBe(true);
    expect(allowsAll([key, team, user], 'claude/haiku')).toBe(false);
    expect(allowsAll([key, team, user], 'gpt-4o')).toBe(false);
    expect(allowsAll([], 'anything')).toBe(true);
  });
});
