import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from './support/gateway-config.js';
import { TOOL_ARGUMENTS, TOOL_CALL_IDS, formatGatewayConfig, startFormatUpstream } from './support/format-upstream.js';
import type { FormatUpstream } from './support/format-upstream.js';
import { startGateway } from './support/start-gateway.js';
import type { RunningGateway } from './support/start-gateway.js';

let upstream: FormatUpstream;
let gateway: RunningGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFormatUpstream();
  gateway = await startGateway(formatGatewayConfig(upstream));
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: MASTER_KEY, maxRetries: 0, timeout: 10_000 });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

type Format = 'anthropic' | 'gemini';
type Message = Record<string, unknown>;
type Block = Record<string, unknown>;

const TOOLS: OpenAI.Responses.FunctionTool[] = [
  { type: 'function', name: 'get_weather', description: 'Current weather for a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
];
const USAGE = { input_tokens: 30, input_tokens_details: { cached_tokens: 10 }, output_tokens: 5, total_tokens: 35 };

/** The conversation the upstream received, as [role, text] pairs in its own terms. */
function turnsReceived(format: Format): Array<[string, string]> {
  const body = upstream.last(format)!.body;
  const messages = (format === 'gemini' ? body.contents : body.messages) as Message[];
  return messages.map((message) => {
    const content = message.content ?? message.parts;
    const text = typeof content === 'string' ? content : (content as Block[]).map((block) => block.text ?? '').join('');
    return [String(message.role), text];
  });
}

/** The last two turns the upstream received: the assistant's call and the tool's answer, in its own format. */
function callAndResultReceived(format: Format): Block[] {
  const body = upstream.last(format)!.body;
  const messages = (format === 'gemini' ? body.contents : body.messages) as Message[];
  return messages.slice(-2).map((message) => ((message.content ?? message.parts) as Block[])[0]!);
}

function expectToolRoundTrip(format: Format): void {
  const [call, result] = callAndResultReceived(format);
  if (format === 'anthropic') {
    expect(call).toEqual({ type: 'tool_use', id: TOOL_CALL_IDS.anthropic, name: 'get_weather', input: TOOL_ARGUMENTS });
    expect(result).toMatchObject({ type: 'tool_result', tool_use_id: TOOL_CALL_IDS.anthropic });
  } else {
    expect(call).toMatchObject({ functionCall: { name: 'get_weather', args: TOOL_ARGUMENTS } });
    expect(result).toEqual({ functionResponse: { name: 'get_weather', response: { temperature: '18C' } } });
  }
}

async function expectNotFound(id: string): Promise<void> {
  const error = (await client.responses.retrieve(id).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
  expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  expect(error.status).toBe(404);
}

describe.each(['anthropic', 'gemini'] as const)('the openai client on /v1/responses over the %s format', (format) => {
  const assistantRole = format === 'gemini' ? 'model' : 'assistant';

  it('answers text with usage incl. cached tokens, the instructions where the format keeps them', { timeout: 10_000 }, async () => {
    const response = await client.responses.create({ model: format, instructions: 'Answer briefly.', input: 'Hi' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toBe(`Hello from ${format}`);
    expect(response.usage).toMatchObject(USAGE);
    const body = upstream.last(format)!.body;
    if (format === 'anthropic') expect(JSON.stringify(body.system)).toContain('Answer briefly.');
    else expect(body.systemInstruction).toEqual({ parts: [{ text: 'Answer briefly.' }] });
    expect(turnsReceived(format)).toEqual([['user', 'Hi']]);
  });

  it('streams an answer the SDK assembles with responses.stream().finalResponse()', { timeout: 10_000 }, async () => {
    const events: string[] = [];
    const stream = client.responses.stream({ model: format, input: 'Hi' }).on('event', (event) => events.push(event.type));
    const response = await stream.finalResponse();
    expect(response.output_text).toBe(`Hello from ${format}`);
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject(USAGE);
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe('response.completed');
    expect(events).toContain('response.output_text.delta');
    expect(upstream.last(format)!.stream).toBe(true);
    // A streamed turn is stored once it has finished.
    const stored = await client.responses.retrieve(response.id);
    expect(stored).toMatchObject({ id: response.id, status: 'completed', output_text: `Hello from ${format}` });
    expect(stored.output.map((item) => item.id)).toEqual(response.output.map((item) => item.id));
  });

  it('streams a function call the SDK assembles', { timeout: 10_000 }, async () => {
    const response = await client.responses.stream({ model: format, input: 'Weather in Paris?', tools: TOOLS }).finalResponse();
    const call = response.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall | undefined;
    expect(call).toMatchObject({ name: 'get_weather', call_id: expect.any(String), status: 'completed' });
    expect(JSON.parse(call!.arguments)).toEqual(TOOL_ARGUMENTS);
  });

  it('runs a function-call round trip continued with previous_response_id', { timeout: 10_000 }, async () => {
    const first = await client.responses.create({ model: format, input: 'Weather in Paris?', tools: TOOLS });
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', call_id: expect.any(String) });
    expect(JSON.parse(call!.arguments)).toEqual(TOOL_ARGUMENTS);

    const second = await client.responses.create({
      model: format,
      tools: TOOLS,
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call!.call_id, output: '{"temperature":"18C"}' }],
    });
    expect(second.output_text).toMatch(/^Tool said: .*18C/);
    expect(turnsReceived(format)[0]).toEqual(['user', 'Weather in Paris?']);
    expectToolRoundTrip(format);
  });

  it('runs a function-call round trip with the history resent and store: false', { timeout: 10_000 }, async () => {
    const question: OpenAI.Responses.ResponseInputItem = { role: 'user', content: 'Weather in Paris?' };
    const first = await client.responses.create({ model: format, input: [question], tools: TOOLS, store: false });
    const call = first.output.find((item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === 'function_call')!;
    const second = await client.responses.create({
      model: format,
      tools: TOOLS,
      store: false,
      input: [question, call, { type: 'function_call_output', call_id: call.call_id, output: '{"temperature":"18C"}' }],
    });
    expect(second.output_text).toMatch(/^Tool said: .*18C/);
    expectToolRoundTrip(format);
  });

  it('continues a stored turn with previous_response_id, then retrieves and deletes it', { timeout: 10_000 }, async () => {
    const first = await client.responses.create({ model: format, input: 'My name is Ada.' });
    const second = await client.responses.create({ model: format, previous_response_id: first.id, input: 'What is my name?' });
    expect(second.output_text).toBe(`Hello from ${format}`);
    expect(second.id).not.toBe(first.id);
    expect(turnsReceived(format)).toEqual([
      ['user', 'My name is Ada.'],
      [assistantRole, `Hello from ${format}`],
      ['user', 'What is my name?'],
    ]);

    const stored = await client.responses.retrieve(first.id);
    expect(stored).toMatchObject({ id: first.id, object: 'response', status: 'completed' });
    expect(stored.output).toEqual(first.output);

    const deleted = await client.responses.delete(first.id).asResponse();
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id: first.id, object: 'response.deleted', deleted: true });
    await expectNotFound(first.id);
    // The continuation is a turn of its own and stays.
    expect((await client.responses.retrieve(second.id)).id).toBe(second.id);
  });

  it('keeps nothing for store: false', { timeout: 10_000 }, async () => {
    const response = await client.responses.create({ model: format, input: 'Hi', store: false });
    expect(response.output_text).toBe(`Hello from ${format}`);
    await expectNotFound(response.id);
  });

  it('refuses a previous_response_id it never stored with 400 naming it, without calling the upstream', { timeout: 10_000 }, async () => {
    const before = upstream.received.length;
    const error = (await client.responses
      .create({ model: format, previous_response_id: 'resp_never_stored_123', input: 'Hi' })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.status).toBe(400);
    expect(error.message).toContain('resp_never_stored_123');
    expect(upstream.received.length).toBe(before);
  });
});
