import { anthropicMessagesDialect, anthropicMessagesPassthrough } from '../../dialects/anthropic-messages/index.js';
import type { Dialect } from '../../dialects/dialect.js';
import type { PassthroughCodec } from '../../dialects/passthrough.js';

// Claude on Vertex takes Anthropic's Messages body with the model in the URL instead and
// this version marker: https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude
const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Claude models on Vertex are named `claude-...` (optionally `@<date>`). */
export function isVertexClaudeModel(model: string): boolean {
  return /^claude-/i.test(model);
}

/** `<model>:rawPredict` or `:streamRawPredict`, escaped like Google's own model names. */
export function vertexClaudeModelMethod(model: string, stream: boolean): string {
  return `${encodeURIComponent(model).replace(/%40/g, '@')}:${stream ? 'streamRawPredict' : 'rawPredict'}`;
}

function toVertexEnvelope(body: Record<string, unknown>): Record<string, unknown> {
  const { model: _model, ...rest } = body;
  return { ...rest, anthropic_version: VERTEX_ANTHROPIC_VERSION };
}

/** Anthropic Messages with Vertex's envelope: everything else is Anthropic's own format. */
export const vertexClaudeDialect: Dialect = {
  ...anthropicMessagesDialect,
  encodeRequest(request, target) {
    const encoded = anthropicMessagesDialect.encodeRequest(request, target);
    return { ...encoded, body: toVertexEnvelope(encoded.body) };
  },
};

/** An Anthropic client's body forwarded to Claude on Vertex: only the envelope changes. */
export const vertexClaudePassthrough: PassthroughCodec = {
  ...anthropicMessagesPassthrough,
  prepareBody: (body) => toVertexEnvelope(body),
};
