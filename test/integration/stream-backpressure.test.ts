import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY, passthroughConfig } from './support/gateway-config.js';
import { LARGE_CHUNK_CHARS, LARGE_STREAM_CHUNKS, startMockUpstream } from './support/mock-upstream.js';
import type { MockUpstream } from './support/mock-upstream.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let upstream: MockUpstream;
let gateway: RunningGateway;

beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startGateway(passthroughConfig(upstream.url, '  large: { targets: [{ provider: up, model: large-stream }] }'));
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

function openStream(): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model: 'large', stream: true, messages: [{ role: 'user', content: 'a lot, please' }] });
    const outgoing = request(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' } }, resolve);
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('a passed-through stream under backpressure', () => {
  it('stops reading the upstream while the caller does not read, then delivers every byte', async () => {
    const response = await openStream();
    expect(response.statusCode).toBe(200);
    response.pause();
    // ~12 MB: a gateway that kept reading would have let the upstream finish long before.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(upstream.largeStreamsDone).toBe(0);

    let text = '';
    response.setEncoding('utf8');
    response.on('data', (part: string) => (text += part));
    response.resume();
    await new Promise((resolve) => response.on('end', resolve));
    const contents = text
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => (JSON.parse(event.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '');
    expect(contents.join('').length).toBe(LARGE_STREAM_CHUNKS * LARGE_CHUNK_CHARS);
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(upstream.largeStreamsDone).toBe(1);
  });
});
