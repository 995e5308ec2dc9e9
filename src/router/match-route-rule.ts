import type { RouteMatch, RouteRule } from '../config/index.js';
import type { RequestFacts } from './read-request-facts.js';

import type { RoutingCaller } from './routing-request.js';

/** Characters of the last user message a `pattern` is tested against (the end, where the question usually is). */
export const PATTERN_WINDOW = 16_384;

/** Who sent the request, as authentication found it; an id is undefined when unknown (or auth is off). */
export type RouteCaller = Pick<RoutingCaller, 'keyId' | 'teamId' | 'userId'>;

function listed(list: readonly string[] | undefined, id: string | undefined): boolean {
  return list === undefined || (id !== undefined && list.includes(id));
}

function metadataHolds(wanted: Readonly<Record<string, string>>, facts: RequestFacts): boolean {
  const actual = facts.metadata();
  return Object.entries(wanted).every(([key, value]) => Object.hasOwn(actual, key) && actual[key] === value);
}

function tokensWithin(match: RouteMatch, facts: RequestFacts): boolean {
  if (match.minPromptTokens === undefined && match.maxPromptTokens === undefined) return true;
  const tokens = facts.promptTokens();
  return (match.minPromptTokens === undefined || tokens >= match.minPromptTokens) && (match.maxPromptTokens === undefined || tokens <= match.maxPromptTokens);
}

function textHolds(match: RouteMatch, facts: RequestFacts): boolean {
  const keywords = match.keywords;
  if (keywords !== undefined) {
    const text = facts.lastUserText().toLowerCase();
    if (!keywords.some((keyword) => text.includes(keyword))) return false;
  }
  // The message is the caller's: a config pattern prone to backtracking must not let a
  // huge message stall the event loop, so it sees the message's last PATTERN_WINDOW characters.
  return match.pattern === undefined || match.pattern.test(facts.lastUserText().slice(-PATTERN_WINDOW));
}

/**
 * Whether every condition `match` sets holds for a request; an empty match holds always.
 * Ordered cheapest first: the body is serialized for the token estimate only when the
 * identity, tag, tool and text conditions have all passed.
 */
export function matchesRoute(match: RouteMatch, requestedModel: string, facts: RequestFacts, tags: readonly string[], caller: RouteCaller): boolean {
  if (match.models !== undefined && !match.models.includes(requestedModel)) return false;
  if (!listed(match.keys, caller.keyId) || !listed(match.teams, caller.teamId) || !listed(match.users, caller.userId)) return false;
  if (match.tags !== undefined && !match.tags.some((tag) => tags.includes(tag))) return false;
  if (match.hasTools !== undefined && facts.hasTools() !== match.hasTools) return false;
  if (match.metadata !== undefined && !metadataHolds(match.metadata, facts)) return false;
  if (match.hasImages !== undefined && facts.hasImages() !== match.hasImages) return false;
  return textHolds(match, facts) && tokensWithin(match, facts);
}

/** The first rule, in config order, whose match holds; undefined when none does. */
export function selectRoute(rules: readonly RouteRule[], requestedModel: string, facts: RequestFacts, tags: readonly string[], caller: RouteCaller): RouteRule | undefined {
  return rules.find((rule) => matchesRoute(rule.match, requestedModel, facts, tags, caller));
}
