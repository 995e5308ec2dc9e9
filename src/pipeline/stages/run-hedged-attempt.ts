import { Cancellation } from '../../core/cancellation.js';
import { elapsedMs } from '../../core/clock.js';
import { GatewayError } from '../../core/errors.js';
import type { PlanStep } from '../../router/index.js';
import { createOutcome } from '../gateway-context.js';
import type { GatewayContext, GatewayResult, Outcome } from '../gateway-context.js';
import type { RequestDeadline } from './request-deadline.js';
import { runAttempt } from './run-attempt.js';
import { whenResultEnds } from './when-result-ends.js';
import type { AttemptDependencies, AttemptOutcome } from './run-attempt.js';

/** What a hedged pair produced: the verdict, how many plan steps it used, each step's failure. */
export interface HedgedOutcome {
  outcome: AttemptOutcome;
  consumed: 1 | 2;
  /** Failures by offset from the first step (0 or 1), for Retry-After on a later retry. */
  failures: { offset: 0 | 1; error: GatewayError }[];
}

interface Runner {
  step: PlanStep;
  offset: 0 | 1;
  /** The request as this attempt sees it: its own abort source and outcome. */
  fork: GatewayContext;
  startedAt: number;
  settled: AttemptOutcome | 'cancelled' | undefined;
  done: Promise<AttemptOutcome | 'cancelled'>;
}

function startRunner(step: PlanStep, offset: 0 | 1, context: GatewayContext, dependencies: AttemptDependencies, deadline: RequestDeadline | undefined): Runner {
  const signal = new Cancellation();
  context.cancellation.on('abort', () => signal.cancel());
  // Both attempts run at once, so each writes its own outcome; the winner's is adopted.
  const fork: GatewayContext = { ...context, cancellation: signal, outcome: createOutcome() };
  const runner: Runner = { step, offset, fork, startedAt: context.clock.monotonic(), settled: undefined, done: Promise.resolve('cancelled') };
  runner.done = runAttempt(step, fork, dependencies, deadline).then(
    (outcome) => (runner.settled = outcome),
    () => (runner.settled = 'cancelled'),
  );
  return runner;
}

/** Copies an attempt's outcome into the request's, keeping the superseded attempts listed there. */
function copyOutcome(into: Outcome, from: Outcome): void {
  const superseded = into.superseded;
  Object.assign(into, from);
  into.superseded = superseded;
}

// A stream's usage and in-stream error arrive while it is read, so they are copied again when it ends.
function adoptOutcome(result: GatewayResult, from: Outcome, into: Outcome): GatewayResult {
  copyOutcome(into, from);
  return whenResultEnds(result, () => copyOutcome(into, from));
}

/** Cancels an attempt the caller will not get; its usage, when it came, is still billed. */
function supersede(loser: Runner, context: GatewayContext): void {
  // Recorded now, so the answer's headers count it; dropped again if the loser answered anyway.
  const record = {
    provider: loser.step.connection.name,
    model: loser.step.target.model,
    status: undefined,
    errorKind: 'hedge_cancelled',
    latencyMs: elapsedMs(loser.startedAt, context.clock.monotonic()),
  };
  context.attempts.push(record);
  loser.fork.cancellation.cancel();
  void loser.done.then((settled) => {
    if (settled !== 'cancelled') context.attempts.splice(context.attempts.indexOf(record), 1);
  });
  (context.outcome.superseded ??= []).push(loser.fork.outcome);
}

/**
 * Hedging (docs/routing.md, "Hedging"): runs `first`; when it has not answered after
 * `delayMs`, starts `second` too. The first answer wins and the other attempt is
 * cancelled (its connection closed); a retryable failure of one waits for the other.
 * A non-retryable failure ends the pair, as it would end a plain attempt.
 */
export async function runHedgedAttempt(
  first: PlanStep,
  second: PlanStep,
  delayMs: number,
  context: GatewayContext,
  dependencies: AttemptDependencies,
  deadline: RequestDeadline | undefined,
): Promise<HedgedOutcome> {
  const runners = [startRunner(first, 0, context, dependencies, deadline)];
  const failures: HedgedOutcome['failures'] = [];
  let timer: NodeJS.Timeout | undefined;
  const hedgeStarted = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, delayMs);
  });
  try {
    for (;;) {
      const pending = runners.filter((runner) => runner.settled === undefined);
      const waitForHedge = runners.length === 1 ? [hedgeStarted.then(() => undefined)] : [];
      if (pending.length === 0) break;
      const settled = await Promise.race([...pending.map((runner) => runner.done.then(() => runner)), ...waitForHedge]);
      if (settled === undefined) {
        runners.push(startRunner(second, 1, context, dependencies, deadline));
        continue;
      }
      const verdict = settled.settled!;
      if (verdict === 'cancelled') {
        if (context.cancellation.aborted) throw new GatewayError('GW_UPSTREAM_ERROR', 'The caller went away.');
        continue;
      }
      if (verdict.ok) {
        for (const other of runners) if (other !== settled && other.settled === undefined) supersede(other, context);
        context.request ??= settled.fork.request;
        return { outcome: { ok: true, result: adoptOutcome(verdict.result, settled.fork.outcome, context.outcome) }, consumed: runners.length as 1 | 2, failures };
      }
      failures.push({ offset: settled.offset, error: verdict.error });
      copyOutcome(context.outcome, settled.fork.outcome);
      // A retryable failure waits for the other attempt, if one runs; the first failing
      // before the delay is a plain failure, and the loop moves on.
      const othersPending = runners.some((runner) => runner.settled === undefined);
      if (!verdict.error.retryable || !othersPending) {
        for (const other of runners) if (other.settled === undefined) supersede(other, context);
        return { outcome: verdict, consumed: runners.length as 1 | 2, failures };
      }
    }
    throw new GatewayError('GW_UPSTREAM_ERROR', 'The caller went away.');
  } finally {
    clearTimeout(timer);
  }
}
