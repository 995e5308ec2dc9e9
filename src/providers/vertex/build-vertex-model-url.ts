import type { ProviderConnection } from '../../config/index.js';

/** Where one Vertex AI publisher-model call goes. */
export interface VertexModelUrlOptions {
  /** `google` for Gemini; `anthropic` for Claude on Vertex. */
  publisher: string;
  /** `<model>:<method>`, already escaped: `gemini-2.5-pro:generateContent`, `claude-sonnet-4@20250514:rawPredict`. */
  modelMethod: string;
}

/**
 * The URL of a publisher model on Vertex AI:
 * `https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{modelMethod}`,
 * with the `global` location served by `aiplatform.googleapis.com`. The connection's
 * `base_url`, when set, replaces `https://{host}/v1` (private endpoints, multi-region
 * hosts). This is the seam for Claude on Vertex: the same URL with publisher
 * `anthropic` and method `rawPredict` / `streamRawPredict`.
 * https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent
 */
export function buildVertexModelUrl(connection: ProviderConnection, options: VertexModelUrlOptions): string {
  const project = readOption(connection, 'project');
  const location = readOption(connection, 'location');
  const host = location === 'global' ? 'aiplatform.googleapis.com' : `${location}-aiplatform.googleapis.com`;
  const base = connection.baseUrl ?? `https://${host}/v1`;
  const path = `/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/${encodeURIComponent(options.publisher)}/models/${options.modelMethod}`;
  return `${base}${path}`;
}

function readOption(connection: ProviderConnection, name: 'project' | 'location'): string {
  const value = connection.options[name];
  // The config schema requires both; a missing one would only reach here in a hand-built connection.
  return typeof value === 'string' ? value : '';
}
