import type { z } from 'zod';

/** A validation failure in the caller's vocabulary: `messages[2].role` and what was expected. */
export interface WireIssue {
  /** Dotted path with bracketed indices; `body` for the whole document. */
  path: string;
  message: string;
}

/**
 * Turns a zod issue into `path` + `message`. For a failed union it reports the branch
 * that got furthest into the value (the most specific complaint), so
 * `content[1].text` is named rather than "content: invalid input".
 */
export function formatWireIssue(issue: z.core.$ZodIssue, basePath: readonly PropertyKey[] = []): WireIssue {
  const path = [...basePath, ...issue.path];
  if (issue.code === 'invalid_union') {
    const deepest = findDeepestBranchIssue(issue.errors);
    if (deepest) return formatWireIssue(deepest, path);
  }
  return { path: formatPath(path), message: describeIssue(issue) };
}

function findDeepestBranchIssue(branches: readonly (readonly z.core.$ZodIssue[])[]): z.core.$ZodIssue | undefined {
  let deepest: z.core.$ZodIssue | undefined;
  for (const branch of branches) {
    for (const issue of branch) {
      if (issue.path.length > 0 && (!deepest || issue.path.length > deepest.path.length)) deepest = issue;
    }
  }
  return deepest;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const custom = !issue.message.startsWith('Invalid ');
  if (custom) return issue.message;
  if (issue.code === 'invalid_type') {
    return issue.message.endsWith('received undefined') ? `is required (expected ${issue.expected})` : stripPrefix(issue.message);
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((value) => String(value));
    return values.length === 1 ? `expected "${values[0] ?? ''}"` : `expected one of ${values.join(', ')}`;
  }
  return stripPrefix(issue.message);
}

function stripPrefix(message: string): string {
  const colon = message.indexOf(': ');
  return colon === -1 ? message : message.slice(colon + 2);
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? 'body' : text;
}
