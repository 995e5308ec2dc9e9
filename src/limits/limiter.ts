import { GatewayError } from '../core/errors.js';
import { publishBudgetAlert } from '../core/events.js';
import type { LimitStore, WindowAdmission } from '../storage/ports.js';
import { budgetPeriodWindow } from './budget-period.js';
import { counterKey } from './limit-level.js';
import type { LimitLevel } from './limit-level.js';
import { rateLimitHeaders } from './rate-limit-status.js';
import type { RateLimitStatus } from './rate-limit-status.js';

/** Rate windows are fixed minutes aligned to the epoch: exact counts, a clear reset time. */
export const WINDOW_MS = 60_000;
/** A concurrency slot or budget reservation not released by then is reclaimed (a crashed instance's requests). */
const LEASE_MS = 15 * 60_000;

/** What one request asks of the limits. Functions are called only when a limit needs them. */
export interface AdmissionRequest {
  requestId: string;
  levels: readonly LimitLevel[];
  /** The prompt's tokens, counted with a tokenizer (only when a tokens-per-minute limit or budget applies). */
  promptTokens(): number | Promise<number>;
  /** The most the request can cost in micro-dollars, given its prompt tokens; undefined when no price is known. */
  worstCaseCostMicros(promptTokens: number): number | undefined;
}

/** What the request used, known when it ends. */
export interface AdmissionUsage {
  /** Input + output tokens the provider reported; undefined when it reported none. */
  tokens: number | undefined;
  /** What the provider billed, in micro-dollars (0 when it billed nothing, undefined when unknown). */
  costMicros: number | undefined;
}

/** An admitted request's hold on its limits; `settle` releases it (idempotent). */
export interface Admission {
  status: RateLimitStatus;
  /** Budget reservations made (the worst case), for the log and tests. */
  reservedMicros: number;
  settle(usage: AdmissionUsage): Promise<void>;
}

const NOTHING: Admission = { status: {}, reservedMicros: 0, settle: () => Promise.resolve() };

function windowStatus(limits: readonly number[], verdict: WindowAdmission, now: number) {
  let tightest: { limit: number; remaining: number; resetMs: number } | undefined;
  limits.forEach((limit, index) => {
    const remaining = limit - (verdict.counts[index] ?? 0);
    if (!tightest || remaining < tightest.remaining) tightest = { limit, remaining, resetMs: verdict.windowEndsAt - now };
  });
  return tightest;
}

function describe(level: LimitLevel): string {
  return level.scope === 'model' ? `model "${level.id}"` : `${level.scope} ${level.id}`;
}

/**
 * Admission control over a LimitStore: requests and tokens per minute, requests in
 * parallel and budgets, for every level at once. A refusal is a 429 (`rate_limit_exceeded`
 * with Retry-After, or `budget_exceeded`) and undoes what this admission had taken, so a
 * refused request costs no capacity. Budgets reserve the worst case before the request
 * and settle to the actual cost after it, so concurrent requests (on any number of
 * instances sharing the store) cannot spend past a budget by more than one request's
 * estimation error.
 */
export class Limiter {
  constructor(
    private readonly store: LimitStore,
    private readonly now: () => number,
    /** Percents of a budget at which an alert is published (`budgets.alert_thresholds`), read per settle. */
    private readonly alertThresholds: () => readonly number[] = () => [],
  ) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { levels } = request;
    const rpm = levels.filter((level) => level.rpm !== undefined);
    const tpm = levels.filter((level) => level.tpm !== undefined);
    const parallel = levels.filter((level) => level.maxParallel !== undefined);
    const budgets = levels.filter((level) => level.budgetMicros !== undefined);
    if (rpm.length + tpm.length + parallel.length + budgets.length === 0) return NOTHING;
    const now = this.now();
    const undo: (() => Promise<void>)[] = [];
    const status: RateLimitStatus = {};
    const refuse = async (error: GatewayError): Promise<never> => {
      for (const step of undo.reverse()) await step();
      throw error;
    };

    if (rpm.length > 0) {
      const limits = rpm.map((level) => level.rpm!);
      const verdict = await this.store.admitWindow(rpm.map((level, index) => ({ key: counterKey('rpm', level), limit: limits[index]! })), 1, WINDOW_MS, now);
      if (!verdict.admitted) {
        const level = rpm[verdict.blockedScope ?? 0]!;
        const headers = rateLimitHeaders({ requests: { limit: level.rpm!, remaining: 0, resetMs: verdict.windowEndsAt - now } });
        return refuse(new GatewayError('GW_RATE_LIMITED', `Rate limit reached: ${level.rpm} requests per minute for ${describe(level)}.`, { retryAfterMs: verdict.windowEndsAt - now, headers }));
      }
      undo.push(() => this.store.adjustWindow(rpm.map((level) => counterKey('rpm', level)), -1, WINDOW_MS, now));
      status.requests = windowStatus(limits, verdict, now);
    }
    const promptTokens = tpm.length > 0 || budgets.length > 0 ? await request.promptTokens() : 0;
    if (tpm.length > 0) {
      const limits = tpm.map((level) => level.tpm!);
      const verdict = await this.store.admitWindow(tpm.map((level, index) => ({ key: counterKey('tpm', level), limit: limits[index]! })), promptTokens, WINDOW_MS, now);
      if (!verdict.admitted) {
        const level = tpm[verdict.blockedScope ?? 0]!;
        const headers = rateLimitHeaders({ requests: status.requests, tokens: { limit: level.tpm!, remaining: Math.max(0, level.tpm! - (verdict.counts[verdict.blockedScope ?? 0] ?? 0)), resetMs: verdict.windowEndsAt - now } });
        // A prompt larger than the whole window can never fit: no Retry-After to wait for.
        const retryAfterMs = promptTokens > level.tpm! ? undefined : verdict.windowEndsAt - now;
        const message = `Rate limit reached: ${level.tpm} tokens per minute for ${describe(level)} (this prompt: ~${promptTokens})${retryAfterMs === undefined ? '; the prompt alone is larger than the limit' : ''}.`;
        return refuse(new GatewayError('GW_RATE_LIMITED', message, { ...(retryAfterMs === undefined ? {} : { retryAfterMs }), headers }));
      }
      undo.push(() => this.store.adjustWindow(tpm.map((level) => counterKey('tpm', level)), -promptTokens, WINDOW_MS, now));
      status.tokens = windowStatus(limits, verdict, now);
    }
    if (parallel.length > 0) {
      const keys = parallel.map((level) => counterKey('parallel', level));
      const acquired = await this.store.acquireSlots(parallel.map((level, index) => ({ key: keys[index]!, limit: level.maxParallel! })), request.requestId, now + LEASE_MS, now);
      if (!acquired) {
        const level = parallel[0]!;
        return refuse(new GatewayError('GW_RATE_LIMITED', `Too many requests in parallel for ${describe(level)} (at most ${level.maxParallel}).`, { retryAfterMs: 1000 }));
      }
      undo.push(() => this.store.releaseSlots(keys, request.requestId));
    }
    let reservedMicros = 0;
    let budgetKeys: string[] = [];
    let periodKeys: string[] = [];
    if (budgets.length > 0) {
      reservedMicros = request.worstCaseCostMicros(promptTokens) ?? 0;
      const windows = budgets.map((level) => budgetPeriodWindow(level.budgetPeriod ?? 'total', now));
      budgetKeys = budgets.map((level) => counterKey('budget', level));
      periodKeys = windows.map((window) => window.key);
      const verdict = await this.store.reserveBudget(
        budgets.map((level, index) => ({ key: budgetKeys[index]!, limit: level.budgetMicros! })),
        periodKeys,
        reservedMicros,
        windows.map((window) => window.endsAt),
        { id: request.requestId, leaseUntil: now + LEASE_MS, now },
      );
      if (!verdict.reserved) {
        const level = budgets[verdict.blockedScope ?? 0]!;
        // An exhausted budget is its 100% moment even if settled spend stops just short of it.
        const blocked = verdict.blockedScope ?? 0;
        void this.#alert(level, budgetKeys[blocked]!, windows[blocked]!, verdict.spentMicros[blocked] ?? 0, 100).catch(() => undefined);
        const spent = (verdict.spentMicros[verdict.blockedScope ?? 0] ?? 0) / 1e6;
        return refuse(new GatewayError('GW_BUDGET_EXCEEDED', `Budget exceeded for ${describe(level)}: $${spent.toFixed(4)} of $${(level.budgetMicros! / 1e6).toFixed(4)} spent this ${level.budgetPeriod ?? 'total'} period.`));
      }
    }
    return this.#admission(request, status, reservedMicros, promptTokens, { tpm, parallel, budgets, budgetKeys, periodKeys, now });
  }

  /** Publishes a threshold alert once per budget, period and threshold (claimed in the store, so once across instances). */
  async #alert(level: LimitLevel, budgetKey: string, window: { key: string; endsAt: number }, spentMicros: number, thresholdPercent: number): Promise<void> {
    if (!(await this.store.claimOnce(`alert:${budgetKey}:${window.key}:${thresholdPercent}`, window.endsAt))) return;
    publishBudgetAlert({ scope: level.scope, id: level.id, period: window.key, thresholdPercent, spentMicros, limitMicros: level.budgetMicros!, at: this.now() });
  }

  /** Alerts for every threshold this settle's spend crossed. */
  async #alertCrossings(budgets: readonly LimitLevel[], budgetKeys: readonly string[], periodKeys: readonly string[], spentAfter: readonly number[], added: number): Promise<void> {
    const thresholds = this.alertThresholds();
    if (thresholds.length === 0 || added <= 0) return;
    await Promise.all(
      budgets.map(async (level, index) => {
        const limit = level.budgetMicros!;
        const after = spentAfter[index] ?? 0;
        const before = after - added;
        const window = { key: periodKeys[index]!, endsAt: budgetPeriodWindow(level.budgetPeriod ?? 'total', this.now()).endsAt };
        for (const percent of thresholds) {
          const mark = (limit * percent) / 100;
          if (before < mark && after >= mark) await this.#alert(level, budgetKeys[index]!, window, after, percent);
        }
      }),
    );
  }

  #admission(
    request: AdmissionRequest,
    status: RateLimitStatus,
    reservedMicros: number,
    promptTokens: number,
    held: { tpm: readonly LimitLevel[]; parallel: readonly LimitLevel[]; budgets: readonly LimitLevel[]; budgetKeys: string[]; periodKeys: string[]; now: number },
  ): Admission {
    let settled = false;
    return {
      status,
      reservedMicros,
      settle: async (usage) => {
        if (settled) return;
        settled = true;
        const work: Promise<unknown>[] = [];
        if (held.parallel.length > 0) work.push(this.store.releaseSlots(held.parallel.map((level) => counterKey('parallel', level)), request.requestId));
        // The window charged the prompt estimate; the answer's real size replaces it.
        if (held.tpm.length > 0 && usage.tokens !== undefined && usage.tokens !== promptTokens) {
          work.push(this.store.adjustWindow(held.tpm.map((level) => counterKey('tpm', level)), usage.tokens - promptTokens, WINDOW_MS, held.now));
        }
        if (held.budgetKeys.length > 0) {
          // Unknown cost after an answer: the reservation (the worst case) is what is charged.
          const actual = usage.costMicros ?? reservedMicros;
          work.push(
            this.store.settleBudget(held.budgetKeys, held.periodKeys, request.requestId, actual).then((spentAfter) => this.#alertCrossings(held.budgets, held.budgetKeys, held.periodKeys, spentAfter, actual)),
          );
        }
        await Promise.all(work);
      },
    };
  }
}
