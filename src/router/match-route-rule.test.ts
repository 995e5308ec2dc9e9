import { describe, expect, it } from 'vitest';
import type { RouteMatch, RouteRule } from '../config/index.js';
import { matchesRoute, selectRoute } from './match-route-rule.js';
import type { RouteCaller } from './match-route-rule.js';
import type { RequestFacts } from './read-request-facts.js';

interface FakeFacts {
  lastUserText?: string;
  promptTokens?: number;
  hasTools?: boolean;
  hasImages?: boolean;
  metadata?: Record<string, string>;
}

/** Facts that count how often each one is read, so the tests can prove costly ones are skipped. */
function fakeFacts(values: FakeFacts = {}): { facts: RequestFacts; reads: Record<string, number> } {
  const reads: Record<string, number> = {};
  const read = <T>(name: string, value: T) => () => {
    reads[name] = (reads[name] ?? 0) + 1;
    return value;
  };
  return {
    reads,
    facts: {
      lastUserText: read('lastUserText', values.lastUserText ?? ''),
      promptTokens: read('promptTokens', values.promptTokens ?? 0),
      hasTools: read('hasTools', values.hasTools ?? false),
      hasImages: read('hasImages', values.hasImages ?? false),
      metadata: read('metadata', values.metadata ?? {}),
      endUser: read('endUser', undefined),
    },
  };
}

const caller: RouteCaller = { keyId: 'key-a', teamId: 'team-a', userId: 'user-a' };

function holds(match: RouteMatch, values: FakeFacts = {}, options: { model?: string; tags?: string[]; who?: RouteCaller } = {}): boolean {
  return matchesRoute(match, options.model ?? 'gpt-4o', fakeFacts(values).facts, options.tags ?? [], options.who ?? caller);
}

describe('matchesRoute, one condition at a time', () => {
  it('an empty match holds for every request', () => {
    expect(holds({})).toBe(true);
  });

  it('models', () => {
    expect(holds({ models: ['gpt-4o', 'smart'] }, {}, { model: 'smart' })).toBe(true);
    expect(holds({ models: ['gpt-4o'] }, {}, { model: 'cheap' })).toBe(false);
  });

  it('min and max prompt tokens are inclusive', () => {
    expect(holds({ minPromptTokens: 100 }, { promptTokens: 100 })).toBe(true);
    expect(holds({ minPromptTokens: 100 }, { promptTokens: 99 })).toBe(false);
    expect(holds({ maxPromptTokens: 100 }, { promptTokens: 100 })).toBe(true);
    expect(holds({ maxPromptTokens: 100 }, { promptTokens: 101 })).toBe(false);
    expect(holds({ minPromptTokens: 10, maxPromptTokens: 20 }, { promptTokens: 15 })).toBe(true);
    expect(holds({ minPromptTokens: 10, maxPromptTokens: 20 }, { promptTokens: 21 })).toBe(false);
  });

  it('pattern is tested against the last user text', () => {
    expect(holds({ pattern: /write (a|some) code/iu }, { lastUserText: 'Please WRITE some code' })).toBe(true);
    expect(holds({ pattern: /write (a|some) code/iu }, { lastUserText: 'read the code' })).toBe(false);
  });

  it('keywords match any one, case-insensitively', () => {
    expect(holds({ keywords: ['sql', 'database'] }, { lastUserText: 'Tune my DATABASE' })).toBe(true);
    expect(holds({ keywords: ['sql', 'database'] }, { lastUserText: 'Tune my car' })).toBe(false);
  });

  it('hasTools and hasImages must equal the request', () => {
    expect(holds({ hasTools: true }, { hasTools: true })).toBe(true);
    expect(holds({ hasTools: true }, { hasTools: false })).toBe(false);
    expect(holds({ hasTools: false }, { hasTools: false })).toBe(true);
    expect(holds({ hasImages: true }, { hasImages: true })).toBe(true);
    expect(holds({ hasImages: false }, { hasImages: true })).toBe(false);
  });

  it('tags match any one of the request tags', () => {
    expect(holds({ tags: ['batch', 'eval'] }, {}, { tags: ['prod', 'eval'] })).toBe(true);
    expect(holds({ tags: ['batch'] }, {}, { tags: ['prod'] })).toBe(false);
    expect(holds({ tags: ['batch'] }, {}, { tags: [] })).toBe(false);
  });

  it('keys, teams and users name the caller, and an unknown id never matches', () => {
    expect(holds({ keys: ['key-a'] })).toBe(true);
    expect(holds({ keys: ['key-b'] })).toBe(false);
    expect(holds({ teams: ['team-a'] })).toBe(true);
    expect(holds({ teams: ['team-b'] })).toBe(false);
    expect(holds({ users: ['user-a'] })).toBe(true);
    expect(holds({ users: ['user-b'] })).toBe(false);
    expect(holds({ keys: ['master'] }, {}, { who: { keyId: 'master' } })).toBe(true);
    expect(holds({ teams: ['team-a'] }, {}, { who: { keyId: 'key-a' } })).toBe(false);
    expect(holds({ users: ['user-a'] }, {}, { who: {} })).toBe(false);
  });

  it('metadata needs every entry equal', () => {
    expect(holds({ metadata: { env: 'prod', app: 'chat' } }, { metadata: { env: 'prod', app: 'chat', extra: 'x' } })).toBe(true);
    expect(holds({ metadata: { env: 'prod', app: 'chat' } }, { metadata: { env: 'prod' } })).toBe(false);
    expect(holds({ metadata: { env: 'prod' } }, { metadata: { env: 'dev' } })).toBe(false);
  });

  it('metadata does not see inherited properties', () => {
    expect(holds({ metadata: { toString: 'x' } }, { metadata: {} })).toBe(false);
  });
});

describe('matchesRoute, conditions together', () => {
  const match: RouteMatch = { models: ['smart'], keywords: ['refactor'], hasTools: true, teams: ['team-a'], minPromptTokens: 1000 };
  const good: FakeFacts = { lastUserText: 'Refactor this module', hasTools: true, promptTokens: 5000 };

  it('holds only when every condition holds', () => {
    expect(holds(match, good, { model: 'smart' })).toBe(true);
    expect(holds(match, good, { model: 'gpt-4o' })).toBe(false);
    expect(holds(match, { ...good, lastUserText: 'explain this module' }, { model: 'smart' })).toBe(false);
    expect(holds(match, { ...good, hasTools: false }, { model: 'smart' })).toBe(false);
    expect(holds(match, { ...good, promptTokens: 999 }, { model: 'smart' })).toBe(false);
    expect(holds(match, good, { model: 'smart', who: { keyId: 'key-a', teamId: 'team-z' } })).toBe(false);
  });

  it('does not compute costly facts when a cheap condition already fails', () => {
    const { facts, reads } = fakeFacts(good);
    expect(matchesRoute({ ...match, pattern: /module/iu, hasImages: false }, 'gpt-4o', facts, [], caller)).toBe(false);
    expect(reads).toEqual({});
  });

  it('reads the token estimate last', () => {
    const { facts, reads } = fakeFacts({ ...good, lastUserText: 'nothing relevant' });
    expect(matchesRoute(match, 'smart', facts, [], caller)).toBe(false);
    expect(reads.promptTokens).toBeUndefined();
    expect(reads.hasTools).toBe(1);
  });

  it('reads no fact a rule does not ask about', () => {
    const { facts, reads } = fakeFacts(good);
    expect(matchesRoute({ models: ['smart'], keys: ['key-a'] }, 'smart', facts, [], caller)).toBe(true);
    expect(reads).toEqual({});
  });
});

describe('selectRoute', () => {
  const rules: RouteRule[] = [
    { name: 'vision', match: { hasImages: true }, model: 'vision-model' },
    { name: 'code', match: { keywords: ['code'] }, model: 'code-model' },
    { name: 'code-too', match: { keywords: ['code'] }, model: 'other-code-model' },
    { name: 'everything', match: {}, model: 'default-model' },
  ];

  it('the first matching rule wins', () => {
    expect(selectRoute(rules, 'auto', fakeFacts({ hasImages: true, lastUserText: 'code' }).facts, [], caller)?.name).toBe('vision');
    expect(selectRoute(rules, 'auto', fakeFacts({ lastUserText: 'write code' }).facts, [], caller)?.name).toBe('code');
    expect(selectRoute(rules, 'auto', fakeFacts({ lastUserText: 'hello' }).facts, [], caller)?.model).toBe('default-model');
  });

  it('is undefined when no rule matches or there are none', () => {
    expect(selectRoute(rules.slice(0, 3), 'auto', fakeFacts({ lastUserText: 'hello' }).facts, [], caller)).toBeUndefined();
    expect(selectRoute([], 'auto', fakeFacts().facts, [], caller)).toBeUndefined();
  });
});
