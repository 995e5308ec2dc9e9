import type { ChatStreamEvent } from '../../core/chat-stream-event.js';
import { GatewayError } from '../../core/errors.js';
import type { LocalModel } from '../../providers/index.js';
import type { PlanStep } from '../../router/index.js';
import type { GatewayContext, GatewayResult } from '../gateway-context.js';
import { COUNT_TOKENS_ONLY_ANTHROPIC } from './upstream-call-settings.js';

async function* watchUsage(events: AsyncIterable<ChatStreamEvent>, context: GatewayContext): AsyncIterable<ChatStreamEvent> {
  for await (const event of events) {
    if (event.type === 'usage') context.outcome.usage = event.usage;
    yield event;
  }
}

/** Calls a model that runs in process; decodes the body fully, since nothing passes through. */
export async function callLocalModel(model: LocalModel, step: PlanStep, context: GatewayContext): Promise<GatewayResult> {
  const options = { model: step.target.model, provider: step.connection.name, signal: context.cancellation.signal, headers: context.headers };
  if (context.operation === 'embeddings') {
    const decode = context.surface.decodeEmbeddingRequest;
    if (!decode) throw new GatewayError('GW_NOT_IMPLEMENTED', `Embeddings are not offered on the ${context.surface.dialect} API.`);
    const response = await model.embed({ ...decode(context.body), model: step.target.model }, options);
    context.outcome.firstByteAt = context.clock.monotonic();
    context.outcome.usage = response.usage;
    return { kind: 'embeddings', response };
  }
  if (context.operation === 'count-tokens') throw new GatewayError('GW_NOT_IMPLEMENTED', COUNT_TOKENS_ONLY_ANTHROPIC);
  context.request ??= context.surface.decodeRequest(context.body, context.warnings);
  const answer = await model.chat({ ...context.request, model: step.target.model }, options);
  context.outcome.firstByteAt = context.clock.monotonic();
  if (Symbol.asyncIterator in answer) return { kind: 'chat-stream', events: watchUsage(answer, context) };
  context.outcome.usage = answer.usage;
  return { kind: 'chat', response: answer };
}
