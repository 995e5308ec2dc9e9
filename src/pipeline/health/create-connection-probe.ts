import type { HealthCheckSettings, ProviderConnection, ConfigSnapshot } from '../../config/index.js';
import type { AbortSource } from '../../core/cancellation.js';
import { Cancellation } from '../../core/cancellation.js';
import type { Clock } from '../../core/clock.js';
import { GatewayError, toGatewayError } from '../../core/errors.js';
import { createRequestId } from '../../core/ids.js';
import { openaiChatSurface } from '../../dialects/openai-chat/index.js';
import type { ProviderRegistry } from '../../providers/index.js';
import { CircuitBreakers, DeploymentStats } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import { createOutcome } from '../gateway-context.js';
import type { GatewayContext, GatewayResult } from '../gateway-context.js';
import { createDispatchStage } from '../stages/dispatch-stage.js';

/**
 * One health check: resolves when the connection answered, throws a GatewayError (whose
 * message is safe to show) when it failed or gave no answer in time. `stop` aborts it
 * (shutdown); what it throws then is not a verdict.
 */
export type ConnectionProbe = (snapshot: ConfigSnapshot, connection: ProviderConnection, settings: HealthCheckSettings, stop: AbortSource) => Promise<void>;

export interface ProbeDependencies {
  registry: ProviderRegistry;
  transport: Transport;
  clock: Clock;
}

/** The plan step's model name; only a label, since the probe's snapshot has no models. */
const PROBE_MODEL_NAME = '(health-check)';
// Dispatch reads a step's statistics, breaker, retries and timeouts from the configured
// model of the step's name: the probe sees no models, so none apply whatever the config names.
const NO_MODELS: ConfigSnapshot['models'] = new Map();

function probeContext(snapshot: ConfigSnapshot, connection: ProviderConnection, settings: HealthCheckSettings, cancellation: Cancellation, clock: Clock): GatewayContext {
  const body = { model: settings.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 };
  return {
    requestId: createRequestId(clock.now()),
    operation: 'chat',
    endpoint: '(health-check)',
    cancellation,
    snapshot: { ...snapshot, models: NO_MODELS },
    clock,
    createdAt: clock.now(),
    startedAt: clock.monotonic(),
    headers: {},
    clientIp: undefined,
    tags: [],
    traceId: undefined,
    trace: undefined,
    capturePayload: undefined,
    surface: openaiChatSurface,
    body,
    requestedModel: settings.model,
    stream: false,
    clientWantsStreamUsage: false,
    request: undefined,
    passthroughOnly: undefined,
    principal: undefined,
    plan: {
      requestedModel: settings.model,
      routedModel: PROBE_MODEL_NAME,
      steps: [{ modelName: PROBE_MODEL_NAME, target: { provider: connection.name, model: settings.model, weight: 1, price: undefined }, connection }],
    },
    attempts: [],
    warnings: [],
    outcome: createOutcome(),
  };
}

// The probe asks for no stream, but an in-process model or a host may stream anyway: the
// answer counts only once it has ended without an error.
async function readAnswer(result: GatewayResult, context: GatewayContext, provider: string): Promise<void> {
  if (result.kind === 'raw' && result.status >= 300) {
    throw new GatewayError('GW_UPSTREAM_ERROR', `${provider} answered the health check with status ${result.status}.`);
  }
  if (result.kind === 'chat-stream') {
    for await (const event of result.events) if (event.type === 'error') throw event.error;
  }
  if (result.kind === 'raw-stream') {
    for await (const chunk of result.chunks) void chunk;
    if (context.outcome.streamError !== undefined) throw new GatewayError('GW_UPSTREAM_ERROR', context.outcome.streamError);
  }
}

/**
 * The probe of `health_check:`: `{ model, messages: [{ role: user, content: ping }],
 * max_tokens: 1 }` as an OpenAI chat request, through the dispatch stage real requests
 * use (passthrough or translation, signing, the provider's URL), with statistics and
 * breakers of its own so probes never count as traffic. Nothing reaches the request log:
 * the observe stage is not on this path.
 */
export function createConnectionProbe(dependencies: ProbeDependencies): ConnectionProbe {
  const { clock } = dependencies;
  const dispatch = createDispatchStage(
    dependencies.registry,
    dependencies.transport,
    new DeploymentStats(() => clock.monotonic()),
    new CircuitBreakers(() => clock.monotonic()),
  );
  return async function probeConnection(snapshot, connection, settings, stop) {
    const cancellation = new Cancellation();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      cancellation.cancel();
    }, settings.timeoutMs);
    timer.unref();
    const onStop = () => cancellation.cancel();
    stop.on('abort', onStop);
    const context = probeContext(snapshot, connection, settings, cancellation, clock);
    try {
      const result = await dispatch.run(context, () => Promise.reject(new Error('dispatch is the last stage')));
      await readAnswer(result, context, connection.name);
    } catch (caught) {
      if (timedOut) throw new GatewayError('GW_UPSTREAM_TIMEOUT', `${connection.name} gave no answer to the health check within ${settings.timeoutMs} ms.`);
      throw toGatewayError(caught);
    } finally {
      clearTimeout(timer);
      stop.removeListener('abort', onStop);
      // Ends whatever the answer still holds open (an unread body, a stream).
      cancellation.cancel();
    }
  };
}
