import type { ProviderConnection } from '../../config/index.js';
import { GatewayError } from '../../core/errors.js';
import { Secret } from '../../core/secret.js';
import { bedrockConverseDialect } from '../../dialects/bedrock-converse/index.js';
import type { RequestSigner } from '../../upstream/credentials/request-signer.js';
import { createSigV4Signer } from '../../upstream/credentials/sigv4-signer.js';
import type { ProviderAdapter } from '../provider.js';
import { bedrockClaudeDialect, bedrockClaudePassthrough, isBedrockClaudeModel } from './bedrock-claude.js';

/** Where a connection's region and credentials came from, resolved once per connection. */
interface BedrockSettings {
  region: string | undefined;
  /** A Bedrock API key: `authorization: Bearer`, no signing. */
  apiKey: Secret | undefined;
  keys: { accessKeyId: string; secretAccessKey: Secret; sessionToken: Secret | undefined } | undefined;
  /** Why `keys` is missing, for the error a signing attempt answers with. */
  problem: string | undefined;
}

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Amazon Bedrock through the Converse API (`bedrock-runtime`), which serves Claude, Nova,
 * Llama, Mistral and the other hosted models in one format. An Anthropic client's request
 * for a Claude model goes through InvokeModel instead (`/invoke`,
 * `/invoke-with-response-stream`), passed through with only Bedrock's envelope changed.
 * The target's `model` is a model id, an inference profile id or an ARN, URI-encoded into
 * the path.
 *
 * Region: `options.region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`. Credentials, first
 * found wins: the connection's `api_key` (a Bedrock API key, sent as a bearer token);
 * `access_key_id` + `secret_access_key` (+ `session_token`); the `AWS_BEARER_TOKEN_BEDROCK`
 * environment variable; `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`).
 * The environment is read once per connection of a config snapshot (a reload reads it
 * again), when the endpoint or the signer is first asked for. Profiles, SSO and instance
 * roles are not read. `base_url` replaces `https://bedrock-runtime.<region>.amazonaws.com`
 * (VPC endpoints); SigV4 still needs the region. Priced by model name: Bedrock hosts many
 * makers, so there is no single price vendor.
 */
export function createBedrockAdapter(environment: Environment): ProviderAdapter {
  const resolved = new WeakMap<ProviderConnection, BedrockSettings>();
  const settingsOf = (connection: ProviderConnection): BedrockSettings => {
    let settings = resolved.get(connection);
    if (!settings) {
      settings = resolveSettings(connection, environment);
      resolved.set(connection, settings);
    }
    return settings;
  };

  return {
    type: 'bedrock',
    dialect: bedrockConverseDialect,
    dialectFor: (model, inbound) => (inbound === 'anthropic-messages' && isBedrockClaudeModel(model) ? bedrockClaudeDialect : undefined),
    // Used only when the dialect matches the caller's: Claude models for Anthropic clients.
    passthrough: { chat: bedrockClaudePassthrough },
    endpoint(connection, operation, model, stream, dialect) {
      if (operation !== 'chat') return undefined;
      const settings = settingsOf(connection);
      const base = connection.baseUrl ?? (settings.region === undefined ? undefined : `https://bedrock-runtime.${settings.region}.amazonaws.com`);
      if (base === undefined) throw missingRegion(connection);
      const headers: Record<string, string> = { ...connection.headers };
      if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey.reveal()}`;
      // ConverseStream and InvokeModelWithResponseStream answer in AWS's binary event
      // stream, not server-sent events.
      headers.accept = stream ? 'application/vnd.amazon.eventstream' : 'application/json';
      const action = dialect === 'anthropic-messages' ? (stream ? 'invoke-with-response-stream' : 'invoke') : stream ? 'converse-stream' : 'converse';
      return { url: `${base}/model/${encodeURIComponent(model)}/${action}`, headers };
    },
    createSigner(connection): RequestSigner {
      const settings = settingsOf(connection);
      // A Bedrock API key is already in the endpoint's headers: nothing to sign.
      if (settings.apiKey) return { sign: (request) => Promise.resolve({ ...request.headers }) };
      if (settings.region === undefined) return failingSigner(missingRegion(connection));
      if (!settings.keys) return failingSigner(new GatewayError('GW_UPSTREAM_AUTH', `${connection.name}: ${settings.problem ?? 'no AWS credentials'}`, { upstream: { provider: connection.name } }));
      return createSigV4Signer({ region: settings.region, service: 'bedrock', ...settings.keys });
    },
  };
}

/** The adapter the registry serves, reading `process.env`. */
export const bedrockAdapter: ProviderAdapter = createBedrockAdapter(process.env);

function resolveSettings(connection: ProviderConnection, environment: Environment): BedrockSettings {
  const options = connection.options;
  const region = text(options.region) ?? text(environment.AWS_REGION) ?? text(environment.AWS_DEFAULT_REGION);
  const settings: BedrockSettings = { region, apiKey: undefined, keys: undefined, problem: undefined };
  if (connection.apiKey && !connection.apiKey.isEmpty()) return { ...settings, apiKey: connection.apiKey };
  const configuredKeyId = text(options.access_key_id);
  const configuredSecret = secret(options.secret_access_key);
  if (configuredKeyId !== undefined || configuredSecret !== undefined) {
    if (configuredKeyId === undefined || configuredSecret === undefined) {
      return { ...settings, problem: 'access_key_id and secret_access_key must be set together' };
    }
    return { ...settings, keys: { accessKeyId: configuredKeyId, secretAccessKey: configuredSecret, sessionToken: secret(options.session_token) } };
  }
  const environmentApiKey = secret(environment.AWS_BEARER_TOKEN_BEDROCK);
  if (environmentApiKey) return { ...settings, apiKey: environmentApiKey };
  const keyId = text(environment.AWS_ACCESS_KEY_ID);
  const secretKey = secret(environment.AWS_SECRET_ACCESS_KEY);
  if (keyId === undefined || secretKey === undefined) {
    return { ...settings, problem: 'no AWS credentials: set api_key, or access_key_id and secret_access_key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY' };
  }
  return { ...settings, keys: { accessKeyId: keyId, secretAccessKey: secretKey, sessionToken: secret(environment.AWS_SESSION_TOKEN) } };
}

function text(value: string | Secret | undefined): string | undefined {
  const plain = value instanceof Secret ? value.reveal() : value;
  return plain === undefined || plain.trim() === '' ? undefined : plain.trim();
}

function secret(value: string | Secret | undefined): Secret | undefined {
  if (value instanceof Secret) return value.isEmpty() ? undefined : value;
  return value === undefined || value === '' ? undefined : new Secret(value);
}

function missingRegion(connection: ProviderConnection): GatewayError {
  return new GatewayError('GW_INTERNAL', `${connection.name}: no AWS region; set the provider's region or AWS_REGION`, { upstream: { provider: connection.name } });
}

function failingSigner(error: GatewayError): RequestSigner {
  return { sign: () => Promise.reject(error) };
}
