import { describe, expect, it } from 'vitest';
import { Secret } from '../../core/secret.js';
import { createSigV4Signer, type SigV4SignerOptions } from './sigv4-signer.js';

// AWS's published SigV4 test suite (awslabs/aws-c-auth, tests/aws-signing-test-suite/v4;
// https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html): credentials,
// date and expected signatures as published. The suite signs only host and x-amz-date
// (plus the token where set), so these run with `signContentHash: false`. Cases whose raw
// request line holds unencoded characters (get-space, get-utf8) are left out: a URL string
// always carries its path percent-encoded, and this signer signs the path as sent.
const SUITE: Omit<SigV4SignerOptions, 'now'> = {
  region: 'us-east-1',
  service: 'service',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: new Secret('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'),
  signContentHash: false,
};
const SUITE_NOW = () => Date.parse('2015-08-30T12:36:00Z');
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

interface SuiteCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  signedHeaders: string;
  signature: string;
}

const SUITE_CASES: SuiteCase[] = [
  { name: 'get-vanilla', method: 'GET', path: '/', signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-relative-normalized', method: 'GET', path: '/example/..', signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-slash-normalized', method: 'GET', path: '//', signedHeaders: 'host;x-amz-date', signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' },
  { name: 'get-slashes-normalized', method: 'GET', path: '//example//', signedHeaders: 'host;x-amz-date', signature: '9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84' },
  { name: 'get-slash-pointless-dot-normalized', method: 'GET', path: '/./example', signedHeaders: 'host;x-amz-date', signature: 'ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5' },
  {
    name: 'get-unreserved',
    method: 'GET',
    path: '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    signedHeaders: 'host;x-amz-date',
    signature: '07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f',
  },
  { name: 'get-vanilla-empty-query-key', method: 'GET', path: '/?Param1=value1', signedHeaders: 'host;x-amz-date', signature: 'a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb' },
  { name: 'get-vanilla-query-order-key-case', method: 'GET', path: '/?Param2=value2&Param1=value1', signedHeaders: 'host;x-amz-date', signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500' },
  {
    name: 'get-vanilla-query-order-encoded',
    method: 'GET',
    path: '/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1',
    signedHeaders: 'host;x-amz-date',
    signature: '371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac',
  },
  {
    name: 'get-vanilla-query-unreserved',
    method: 'GET',
    path: '/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
    signedHeaders: 'host;x-amz-date',
    signature: '9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197',
  },
  { name: 'get-vanilla-utf8-query', method: 'GET', path: '/?ሴ=bar', signedHeaders: 'host;x-amz-date', signature: '2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04' },
  {
    name: 'get-vanilla-with-session-token',
    method: 'GET',
    path: '/',
    token: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267',
    signedHeaders: 'host;x-amz-date;x-amz-security-token',
    signature: '07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8',
  },
  { name: 'post-vanilla', method: 'POST', path: '/', signedHeaders: 'host;x-amz-date', signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' },
  { name: 'post-vanilla-empty-query-value', method: 'POST', path: '/?Param1=value1', signedHeaders: 'host;x-amz-date', signature: '28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11' },
  {
    name: 'post-sts-header-before',
    method: 'POST',
    path: '/',
    token: STS_TOKEN,
    signedHeaders: 'host;x-amz-date;x-amz-security-token',
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
];

describe('createSigV4Signer', () => {
  for (const suiteCase of SUITE_CASES) {
    it(`matches the AWS SigV4 test suite: ${suiteCase.name}`, async () => {
      const signer = createSigV4Signer({ ...SUITE, sessionToken: suiteCase.token === undefined ? undefined : new Secret(suiteCase.token), now: SUITE_NOW });
      const headers = await signer.sign({ method: suiteCase.method, url: `https://example.amazonaws.com${suiteCase.path}`, headers: {}, body: '' });
      expect(headers.authorization).toBe(
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${suiteCase.signedHeaders}, Signature=${suiteCase.signature}`,
      );
      expect(headers['x-amz-date']).toBe('20150830T123600Z');
      expect(headers['x-amz-security-token']).toBe(suiteCase.token);
    });
  }

  // Expected values computed with the AWS SDK for JavaScript v3's own signer
  // (@smithy/signature-v4) over the same request, credentials and date.
  it('signs a Bedrock Converse POST with temporary credentials as the AWS SDK does', async () => {
    const signer = createSigV4Signer({
      region: 'us-west-2',
      service: 'bedrock',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: new Secret('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'),
      sessionToken: new Secret('FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDA=='),
      now: () => Date.parse('2024-07-01T09:08:07Z'),
    });
    const body = '{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":64}}';
    const headers = await signer.sign({
      method: 'POST',
      url: 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-amz-date': 'stale', authorization: 'Bearer old' },
      body,
    });
    expect(headers).toStrictEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-amz-date': '20240701T090807Z',
      'x-amz-content-sha256': 'f5b802cc64a01910fd197a46e9e959f3a5795f7728fa5710fb28f1ec3019f545',
      'x-amz-security-token': 'FQoGZXIvYXdzEXAMPLETOKEN//////////wEaDA==',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240701/us-west-2/bedrock/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=7e297e8901838729384654ac9e698e16f30c9745b89eecd580def123c2c352ab',
    });
  });

  it('signs an inference-profile ARN in the path double-encoded, as the AWS SDK does', async () => {
    const signer = createSigV4Signer({
      region: 'eu-central-1',
      service: 'bedrock',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: new Secret('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'),
      now: () => Date.parse('2024-07-01T23:59:59Z'),
    });
    const model = 'arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const headers = await signer.sign({
      method: 'POST',
      url: `https://bedrock-runtime.eu-central-1.amazonaws.com/model/${encodeURIComponent(model)}/converse-stream`,
      headers: {},
      body: '{}',
    });
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240701/eu-central-1/bedrock/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=0fb3f4bca7ecaf8a003db4c1a1c5cc15c806aa3c5a84c22c661714620e93e430',
    );
    expect(headers['x-amz-security-token']).toBeUndefined();
  });

  it('derives a new signing key when the UTC day changes', async () => {
    let clock = Date.parse('2015-08-30T12:36:00Z');
    const signer = createSigV4Signer({ ...SUITE, now: () => clock });
    const request = { method: 'GET' as const, url: 'https://example.amazonaws.com/', headers: {}, body: '' };
    const first = await signer.sign(request);
    clock = Date.parse('2015-08-31T00:00:01Z');
    const second = await signer.sign(request);
    expect(first.authorization).toContain('Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    expect(second.authorization).toContain('Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request');
    expect(second.authorization).not.toContain('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('never shows the secret key in what it returns', async () => {
    const signer = createSigV4Signer({ ...SUITE, now: SUITE_NOW });
    const headers = await signer.sign({ method: 'POST', url: 'https://example.amazonaws.com/', headers: {}, body: 'x' });
    expect(JSON.stringify(headers)).not.toContain('wJalrXUtnFEMI');
  });
});
