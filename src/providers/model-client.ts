/**
 * The model client: one call to the model of a tier, under the run's budget, the
 * provider's circuit breaker and concurrency limit, a per-attempt timeout and retries.
 * The SDK's own retries are off (`maxRetries: 0`) so ours run. Every attempt that reached
 * the provider is counted in usage; costs come only from the price table.
 *
 * @module
 */
import { generateText, type LanguageModel } from 'ai';
import { getLogger } from '../core/logger.js';
import type { Tier, Usage } from '../types.js';
import { Budget, type BudgetReservation } from './budget.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { ConcurrencyLimit } from './concurrency.js';
import { costUsd, priceOf, worstCaseCostUsd } from './prices.js';
import { PROVIDERS } from './provider-registry.js';
import { backoffDelayMs, classifyFailure, sleep, type RetryOptions } from './retry.js';
import type { ModelCallOutcome, ModelCallRequest, ProviderSettings } from './types.js';
import { UsageLedger } from './usage-ledger.js';

const log = getLogger('providers.client');

/** Options of {@link ModelClient}. */
export interface ModelClientOptions {
  settings: ProviderSettings;
  /** The key (never logged). */
  apiKey: string | null;
  /** Builds the SDK model of a tier (default: the provider registry). Tests pass scripted models. */
  languageModel?: (tier: Tier, modelId: string) => LanguageModel;
  /** Custom fetch for the provider's HTTP calls. */
  fetch?: typeof globalThis.fetch;
  /** Backoff tuning (tests shorten the base delay). */
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'>;
  /** Clock of the breaker (tests). */
  now?: () => number;
}

/**
 * What the model's users (model notes, the code fixer, structured calls) need of a client: the
 * provider's name, models and excludes, and `call`. A {@link ModelClient}; on a worker of a
 * `--queue` run, a client that sends its calls to the coordinator (src/distributed/model-gateway.ts).
 */
export interface ModelCaller {
  readonly settings: Pick<ProviderSettings, 'name' | 'models' | 'exclude'>;
  call(request: ModelCallRequest): Promise<ModelCallOutcome>;
}

/**
 * @example
 * const client = new ModelClient({ settings, apiKey });
 * const outcome = await client.call({ tier: 'CHEAP', system: 'Be brief.', prompt: 'ping', maxOutputTokens: 16, agentId: 'ping' });
 * if (outcome.status === 'ok') console.log(outcome.text, outcome.usage.costUsd);
 */
export class ModelClient {
  readonly settings: ProviderSettings;
  readonly budget: Budget;
  readonly breaker: CircuitBreaker;
  readonly limit: ConcurrencyLimit;
  readonly ledger = new UsageLedger();
  readonly #model: (tier: Tier, modelId: string) => LanguageModel;
  readonly #retry: ModelClientOptions['retry'];

  constructor(options: ModelClientOptions) {
    const { settings } = options;
    this.settings = settings;
    this.budget = new Budget(settings.maxCostUsd);
    this.breaker = new CircuitBreaker(
      settings.breakerThreshold,
      settings.breakerCooldownSeconds * 1000,
      options.now,
    );
    this.limit = new ConcurrencyLimit(settings.concurrency);
    this.#retry = options.retry;
    if (options.languageModel) {
      this.#model = options.languageModel;
    } else {
      const connect = PROVIDERS[settings.name].connect({
        apiKey: options.apiKey,
        baseURL: settings.baseURL,
        fetch: options.fetch,
      });
      this.#model = (_tier, modelId) => connect(modelId);
    }
  }

  /** Makes one call (with retries); never throws for provider failures: see {@link ModelCallOutcome}. */
  async call(request: ModelCallRequest): Promise<ModelCallOutcome> {
    const model = this.settings.models[request.tier];
    const outcome = await this.#call(request, model);
    this.ledger.record(request.agentId, outcome);
    return outcome;
  }

  async #call(request: ModelCallRequest, model: string): Promise<ModelCallOutcome> {
    const { tier } = request;
    const skip = (reason: 'budget' | 'breaker' | 'unknown_price' | 'aborted', message: string) =>
      ({ status: 'skipped', reason, message, tier, model }) as const;
    if (request.signal?.aborted) return skip('aborted', 'the run was cancelled before the call');
    const price = priceOf(this.settings, model);
    if (!price && this.settings.maxCostUsd !== null) {
      this.budget.countSkipped();
      return skip(
        'unknown_price',
        `model ${model} has no price, so --max-cost cannot be enforced: add it to provider.prices`,
      );
    }
    return this.limit.run(async () => {
      const started = performance.now();
      const usage: Usage = { inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 };
      const maxRetries = this.settings.maxRetries;
      let lastMessage = 'no attempt made';
      for (let attempt = 0; attempt <= maxRetries; attempt++) {
        if (!this.breaker.allow()) {
          const message = `circuit breaker of ${this.settings.name} is open after repeated failures (last: ${this.breaker.report().lastFailure ?? 'unknown'})`;
          if (attempt === 0) return skip('breaker', message);
          return { status: 'failed', message, tier, model, usage, attempts: attempt };
        }
        let reservation: BudgetReservation | null = null;
        if (price) {
          const worst = worstCaseCostUsd(price, request.system, request.prompt, request.maxOutputTokens) ?? 0;
          reservation = this.budget.reserve(worst);
          if (!reservation) {
            this.breaker.release(); // not a provider failure: free a half-open trial
            const message = `next call (worst case $${worst.toFixed(4)}) would cross --max-cost $${String(this.settings.maxCostUsd)} (spent $${this.budget.spentUsd.toFixed(4)})`;
            if (attempt === 0) return skip('budget', message);
            return { status: 'failed', message, tier, model, usage, attempts: attempt };
          }
        }
        const timeout = new AbortController();
        const timer = setTimeout(
          () => timeout.abort(new Error('timed out')),
          this.settings.timeoutSeconds * 1000,
        );
        const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
        usage.calls += 1;
        try {
          const result = await generateText({
            model: this.#model(tier, model),
            system: request.system,
            prompt: request.prompt,
            maxOutputTokens: request.maxOutputTokens,
            maxRetries: 0,
            abortSignal: signal,
          });
          const input = result.usage.inputTokens ?? 0;
          const output = result.usage.outputTokens ?? 0;
          const cost = costUsd(price, input, output);
          reservation?.settle(cost ?? 0);
          this.breaker.success();
          usage.inputTokens += input;
          usage.outputTokens += output;
          usage.costUsd = cost === null || usage.costUsd === null ? null : usage.costUsd + cost;
          log.debug('model call', {
            agentId: request.agentId,
            tier,
            model,
            attempt,
            inputTokens: input,
            outputTokens: output,
            costUsd: cost,
          });
          return {
            status: 'ok',
            text: result.text,
            model,
            tier,
            usage,
            latencyMs: performance.now() - started,
            attempts: attempt + 1,
          };
        } catch (error) {
          const timedOut = timeout.signal.aborted && !request.signal?.aborted;
          if (timedOut && reservation) {
            // The provider may still bill a call we stopped waiting for: charge its worst case.
            reservation.settle(reservation.amountUsd);
            usage.costUsd = null;
          } else reservation?.release();
          if (request.signal?.aborted)
            return {
              status: 'failed',
              message: 'the run was cancelled during the call',
              tier,
              model,
              usage,
              attempts: attempt + 1,
            };
          const failure = classifyFailure(error, timedOut);
          lastMessage = timedOut ? `timed out after ${this.settings.timeoutSeconds}s` : failure.message;
          this.breaker.failure(lastMessage);
          log.debug('model call failed', {
            agentId: request.agentId,
            tier,
            model,
            attempt,
            error: lastMessage,
            retryable: failure.retryable,
          });
          if (!failure.retryable || attempt === maxRetries) break;
          const maxAfter = this.#retry?.maxRetryAfterMs ?? 60_000;
          if (failure.retryAfterMs !== null && failure.retryAfterMs > maxAfter) {
            lastMessage += ` (server asked to retry after ${Math.round(failure.retryAfterMs / 1000)}s, longer than the ${maxAfter / 1000}s we wait)`;
            break;
          }
          try {
            await sleep(backoffDelayMs(attempt, failure, { maxRetries, ...this.#retry }), request.signal);
          } catch {
            return {
              status: 'failed',
              message: 'the run was cancelled while waiting to retry',
              tier,
              model,
              usage,
              attempts: attempt + 1,
            };
          }
        } finally {
          clearTimeout(timer);
        }
      }
      return {
        status: 'failed',
        message: `${this.settings.name} ${model}: ${lastMessage}`,
        tier,
        model,
        usage,
        attempts: usage.calls,
      };
    });
  }
}
