// Claude on Bedrock (InvokeModel) takes Anthropic's Messages body with the model in the URL,
// streaming chosen by the path (`/invoke-with-response-stream`), this version marker, and
// beta features as an `anthropic_beta` list in the body instead of the `anthropic-beta`
// header: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * An Anthropic Messages body in Bedrock's envelope: `model` and `stream` dropped,
 * `anthropic_version` set, the `anthropic-beta` header's comma-separated names appended to
 * `anthropic_beta` (kept unique). Every other field is kept as it is.
 */
export function toBedrockClaudeEnvelope(body: Readonly<Record<string, unknown>>, betaHeader?: string): Record<string, unknown> {
  const { model: _model, stream: _stream, ...rest } = body;
  const envelope: Record<string, unknown> = { ...rest, anthropic_version: BEDROCK_ANTHROPIC_VERSION };
  const betas = betaHeader?.split(',').map((name) => name.trim()).filter((name) => name !== '') ?? [];
  if (betas.length > 0) {
    const current: unknown[] = Array.isArray(rest.anthropic_beta) ? rest.anthropic_beta : rest.anthropic_beta === undefined ? [] : [rest.anthropic_beta];
    envelope.anthropic_beta = [...current, ...betas.filter((name, index) => !current.includes(name) && betas.indexOf(name) === index)];
  }
  return envelope;
}
