import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../config/index.js';
import { bedrockAdapter, createBedrockAdapter } from './index.js';

const connection = (fields: string) =>
  parseConfigText(`providers: { aws: { type: bedrock${fields} } }`, { source: 't', env: {}, version: 1, now: 0 }).providers.get('aws')!;

const MODEL = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const SIGNABLE = { method: 'POST' as const, url: 'https://bedrock-runtime.us-west-2.amazonaws.com/model/x/converse', headers: { 'content-type': 'application/json' }, body: '{}' };

describe('bedrock adapter', () => {
  it('builds the Converse URL from the region, with the model URI-encoded, and ConverseStream for streams', () => {
    const adapter = createBedrockAdapter({});
    const aws = connection(', region: us-west-2, access_key_id: AKIDEXAMPLE, secret_access_key: s3cr3t');
    expect(adapter.endpoint!(aws, 'chat', MODEL, false)).toEqual({
      url: 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse',
      headers: { accept: 'application/json' },
    });
    expect(adapter.endpoint!(aws, 'chat', MODEL, true)).toEqual({
      url: 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream',
      headers: { accept: 'application/vnd.amazon.eventstream' },
    });
    expect(adapter.endpoint!(aws, 'embeddings', MODEL, false)).toBeUndefined();
    expect(bedrockAdapter.priceVendor).toBeUndefined();
    expect(bedrockAdapter.dialect?.streamFraming).toBe('aws-event-stream');
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, and honours base_url', () => {
    const keys = ', access_key_id: AKIDEXAMPLE, secret_access_key: s3cr3t';
    expect(createBedrockAdapter({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-1' }).endpoint!(connection(keys), 'chat', 'm', false)?.url).toBe(
      'https://bedrock-runtime.eu-west-1.amazonaws.com/model/m/converse',
    );
    expect(createBedrockAdapter({ AWS_DEFAULT_REGION: 'us-east-1' }).endpoint!(connection(keys), 'chat', 'm', false)?.url).toBe(
      'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse',
    );
    const vpc = connection(`, base_url: "https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com"${keys}`);
    expect(createBedrockAdapter({ AWS_REGION: 'us-east-1' }).endpoint!(vpc, 'chat', 'm', false)?.url).toBe('https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/model/m/converse');
  });

  it('fails clearly without a region', () => {
    const adapter = createBedrockAdapter({});
    expect(() => adapter.endpoint!(connection(', api_key: k'), 'chat', 'm', false)).toThrow(/aws: no AWS region/);
  });

  it('signs with SigV4 (service bedrock) from the connection, and reads the environment once per connection', async () => {
    const environment: Record<string, string | undefined> = { AWS_REGION: 'us-west-2' };
    const adapter = createBedrockAdapter(environment);
    const configured = connection(', access_key_id: AKIDCONFIG, secret_access_key: s3cr3t, session_token: t0ken');
    const signed = await adapter.createSigner!(configured).sign(SIGNABLE);
    expect(signed.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDCONFIG\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
    expect(signed['x-amz-security-token']).toBe('t0ken');
    expect(signed['content-type']).toBe('application/json');

    const fromEnvironment = connection('');
    environment.AWS_ACCESS_KEY_ID = 'AKIDENV';
    environment.AWS_SECRET_ACCESS_KEY = 'envsecret';
    const first = await adapter.createSigner!(fromEnvironment).sign(SIGNABLE);
    expect(first.authorization).toContain('Credential=AKIDENV/');
    expect(first['x-amz-security-token']).toBeUndefined();
    environment.AWS_ACCESS_KEY_ID = 'AKIDCHANGED';
    expect((await adapter.createSigner!(fromEnvironment).sign(SIGNABLE)).authorization).toContain('Credential=AKIDENV/');
  });

  it('sends a Bedrock API key as a bearer token and signs nothing', async () => {
    const adapter = createBedrockAdapter({ AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'x' });
    const keyed = connection(', api_key: ABSKexample');
    expect(adapter.endpoint!(keyed, 'chat', 'm', false)?.headers.authorization).toBe('Bearer ABSKexample');
    const headers = { 'content-type': 'application/json', authorization: 'Bearer ABSKexample' };
    expect(await adapter.createSigner!(keyed).sign({ ...SIGNABLE, headers })).toEqual(headers);
    const fromEnvironment = createBedrockAdapter({ AWS_REGION: 'us-east-1', AWS_BEARER_TOKEN_BEDROCK: 'ABSKenv' });
    expect(fromEnvironment.endpoint!(connection(''), 'chat', 'm', false)?.headers.authorization).toBe('Bearer ABSKenv');
  });

  it('answers a signing attempt without usable credentials with an upstream auth error', async () => {
    const adapter = createBedrockAdapter({ AWS_REGION: 'us-east-1' });
    await expect(adapter.createSigner!(connection('')).sign(SIGNABLE)).rejects.toMatchObject({ code: 'GW_UPSTREAM_AUTH', message: expect.stringMatching(/aws: no AWS credentials/) });
    await expect(adapter.createSigner!(connection(', access_key_id: AKIDONLY')).sign(SIGNABLE)).rejects.toMatchObject({
      code: 'GW_UPSTREAM_AUTH',
      message: 'aws: access_key_id and secret_access_key must be set together',
    });
    await expect(createBedrockAdapter({}).createSigner!(connection(', access_key_id: A, secret_access_key: B')).sign(SIGNABLE)).rejects.toMatchObject({ code: 'GW_INTERNAL' });
  });
});
