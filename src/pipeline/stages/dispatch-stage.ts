import { elapsedMs } from '../../core/clock.js';
import { GatewayError, toGatewayError } from '../../core/errors.js';
import type { ProviderAdapter, ProviderRegistry } from '../../providers/index.js';
import type { PlanStep } from '../../router/index.js';
import type { Transport } from '../../upstream/index.js';
import type { GatewayContext, GatewayResult, Stage } from '../gateway-context.js';
import { callLocalModel } from './call-local-model.js';
import { callTranslated } from './call-translated.js';
import { callPassthrough } from './call-passthrough.js';

function attemptStep(step: PlanStep, context: GatewayContext, registry: ProviderRegistry, transport: Transport): Promise<GatewayResult> {
  const adapter = registry.get(step.connection.type);
  // A type's code is imported on its first use (app.ts preloads the configured ones).
  if (!adapter) return registry.load(step.connection.type).then((loaded) => callAdapter(loaded, step, context, transport));
  return callAdapter(adapter, step, context, transport);
}

function callAdapter(adapter: ProviderAdapter | undefined, step: PlanStep, context: GatewayContext, transport: Transport): Promise<GatewayResult> {
  context.outcome.price = step.target.price ?? adapter?.defaultPrice;
  context.outcome.priceVendor = adapter?.priceVendor;
  if (!adapter || adapter.notImplemented) {
    throw new GatewayError('GW_NOT_IMPLEMENTED', adapter?.notImplemented ?? `provider type "${step.connection.type}" is not available`);
  }
  if (adapter.local) return callLocalModel(adapter.local, step, context);
  const dialect = adapter.dialectFor?.(step.target.model, context.surface.dialect) ?? adapter.dialect;
  if (!dialect) throw new GatewayError('GW_NOT_IMPLEMENTED', `provider type "${adapter.type}" has no wire format`);
  // Same dialect in and out, and no stage rewrote the request: forward the caller's body
  // instead of rebuilding it. The Responses API passes through to providers that offer it.
  const sameDialect = dialect.id === context.surface.dialect || context.operation === 'responses';
  const codec = sameDialect && context.request === undefined ? adapter.passthrough?.[context.operation] : undefined;
  return codec ? callPassthrough(adapter, dialect, codec, step, context, transport) : callTranslated(adapter, dialect, step, context, transport);
}

/**
 * The attempt loop: tries the plan's deployments in order and moves on only for
 * retryable errors. A result returned here has not sent a byte to the caller yet; once
 * a stream is handed out, failures become in-stream errors (the commit point).
 * Backoff, budgets and circuit breakers arrive with issue #4.
 */
export function createDispatchStage(registry: ProviderRegistry, transport: Transport): Stage {
  return {
    name: 'dispatch',
    async run(context) {
      const steps = context.plan?.steps ?? [];
      let lastError: GatewayError | undefined;
      for (const step of steps) {
        const startedAt = context.clock.monotonic();
        context.outcome.provider = step.connection.name;
        context.outcome.deploymentModel = step.target.model;
        try {
          const result = await attemptStep(step, context, registry, transport);
          context.attempts.push({ provider: step.connection.name, model: step.target.model, status: 200, errorKind: undefined, latencyMs: elapsedMs(startedAt, context.clock.monotonic()) });
          return result;
        } catch (caught) {
          if (context.cancellation.aborted) throw caught;
          const error = toGatewayError(caught);
          context.attempts.push({
            provider: step.connection.name,
            model: step.target.model,
            status: error.upstream?.status,
            errorKind: error.kind,
            latencyMs: elapsedMs(startedAt, context.clock.monotonic()),
          });
          if (!error.retryable) throw error;
          lastError = error;
        }
      }
      throw lastError ?? new GatewayError('GW_MODEL_NOT_FOUND', `No deployment can serve "${context.requestedModel}".`);
    },
  };
}
