import { flattenResponsesToolName } from './flatten-responses-tool-name.js';
import { isRecord } from '../_shared/is-record.js';

/** How a tool the model may call was declared, when that is not a plain top-level function. */
export interface ResponsesToolKind {
  /** `custom` tools are called with `custom_tool_call` items (a free-form `input` string). */
  type: 'function' | 'custom';
  /** The tool's own name, as the client declared it. */
  name: string;
  /** The `namespace` tool it belongs to; calls name it in their `namespace` field. */
  namespace?: string;
}

/** Canonical tool name -> declaration; plain top-level functions are absent (the default). */
export type ResponsesToolKinds = ReadonlyMap<string, ResponsesToolKind>;

/**
 * Reads a request's `tools` list (the body's, or `echo.tools`, which repeats it verbatim)
 * for the tools whose calls are not plain `function_call` items: `custom` tools and the
 * tools of `namespace` groups, keyed by the canonical name decodeResponsesTools gave them.
 * Tolerant of anything: entries that are not such tools are skipped.
 */
export function readResponsesToolKinds(tools: unknown): ResponsesToolKinds {
  const kinds = new Map<string, ResponsesToolKind>();
  if (!Array.isArray(tools)) return kinds;
  const entries = (tools as unknown[]).filter(isRecord);
  // Top-level names win over a namespaced tool flattened to the same name, as in decodeResponsesTools.
  const topLevel = new Set(entries.filter((tool) => tool.type === 'function' || tool.type === 'custom').map((tool) => tool.name));
  for (const tool of entries) {
    if (tool.type === 'custom' && typeof tool.name === 'string') kinds.set(tool.name, { type: 'custom', name: tool.name });
    if (tool.type !== 'namespace' || typeof tool.name !== 'string' || !Array.isArray(tool.tools)) continue;
    for (const inner of (tool.tools as unknown[]).filter(isRecord)) {
      if (typeof inner.name !== 'string' || (inner.type !== 'function' && inner.type !== 'custom')) continue;
      const flat = flattenResponsesToolName(inner.name, tool.name);
      if (!topLevel.has(flat) && !kinds.has(flat)) kinds.set(flat, { type: inner.type, name: inner.name, namespace: tool.name });
    }
  }
  return kinds;
}

