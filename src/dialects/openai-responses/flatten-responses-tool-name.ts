/**
 * The canonical name of a tool inside a Responses `namespace` tool: `<namespace>__<name>`.
 * Providers know one flat list of function names (`^[a-zA-Z0-9_-]{1,64}$` at OpenAI and
 * Anthropic), so the namespace joins the name with a separator every one of them accepts;
 * calls are split back by readResponsesToolKinds, never by parsing the name. Tools outside
 * a namespace keep their own name.
 */
export function flattenResponsesToolName(name: string, namespace?: string | null): string {
  return namespace ? `${namespace}__${name}` : name;
}
