/** Which models a key, user or team may call, compiled once from its `models` list. */
export interface ModelAccess {
  allows(model: string): boolean;
  /** True when every model is allowed (no list, or a `*` entry): callers can skip filtering. */
  readonly all: boolean;
}

const EVERY_MODEL: ModelAccess = { allows: () => true, all: true };
const REGEX_SPECIAL = /[.+?^${}()|[\]\\/-]/g;

function globSource(glob: string): string {
  return glob
    .split('*')
    .map((literal) => literal.replace(REGEX_SPECIAL, '\\$&'))
    .join('.*');
}

/**
 * Compiles a `models` list (AccessPolicy.models). Entries are exact names, globs where
 * `*` matches any run of characters including `/` (`claude/*`, `gpt-4o*`, `*`), or the
 * name of a model group, which stands for its members (names or globs; groups do not
 * nest). A group's name is not itself a model name here, so listing a group never grants
 * a model that happens to share its name. Undefined allows every model; `[]` none.
 */
export function compileModelAccess(patterns: readonly string[] | undefined, groups: ReadonlyMap<string, readonly string[]>): ModelAccess {
  if (patterns === undefined) return EVERY_MODEL;
  const entries = patterns.flatMap((entry) => groups.get(entry) ?? [entry]);
  if (entries.includes('*')) return EVERY_MODEL;
  const exact = new Set(entries.filter((entry) => !entry.includes('*')));
  const globs = entries.filter((entry) => entry.includes('*'));
  // The `s` flag lets `.*` cross any character; model names are matched whole.
  const globPattern = globs.length === 0 ? undefined : new RegExp(`^(?:${globs.map(globSource).join('|')})$`, 's');
  return {
    all: false,
    allows: (model) => exact.has(model) || (globPattern?.test(model) ?? false),
  };
}

/** The effective access of several levels (key, user, team): every level must allow the model. */
export function allowsAll(accesses: readonly ModelAccess[], model: string): boolean {
  return accesses.every((access) => access.allows(model));
}
