/**
 * A circuit breaker per provider: after `threshold` consecutive failed attempts it opens and
 * calls are not made; after `cooldownMs` it lets one trial call through (half-open); a
 * success closes it, a failure opens it again.
 *
 * @module
 */

/** Breaker states. */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** What the breaker reports. */
export interface BreakerReport {
  state: BreakerState;
  consecutiveFailures: number;
  /** Times it opened during the run. */
  opened: number;
  /** The failure that opened it last, or `null`. */
  lastFailure: string | null;
}

/**
 * @example
 * const breaker = new CircuitBreaker(5, 30_000);
 * if (breaker.allow()) { try { await call(); breaker.success(); } catch (e) { breaker.failure(String(e)); } }
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #opened = 0;
  #trialInFlight = false;
  #lastFailure: string | null = null;

  constructor(
    readonly threshold: number,
    readonly cooldownMs: number,
    readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may be made now (in half-open state: only one trial at a time). */
  allow(): boolean {
    if (this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.now() - this.#openedAt < this.cooldownMs) return false;
      this.#state = 'half_open';
    }
    if (this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  /** Records a successful attempt. */
  success(): void {
    this.#failures = 0;
    this.#trialInFlight = false;
    this.#state = 'closed';
  }

  /** Gives back a trial that was allowed but not used (the call was not made). */
  release(): void {
    this.#trialInFlight = false;
  }

  /** Records a failed attempt. */
  failure(message: string): void {
    this.#failures += 1;
    this.#lastFailure = message;
    const trial = this.#state === 'half_open';
    this.#trialInFlight = false;
    if (trial || (this.#state === 'closed' && this.#failures >= this.threshold)) {
      this.#state = 'open';
      this.#openedAt = this.now();
      this.#opened += 1;
    }
  }

  /** The breaker's figures. */
  report(): BreakerReport {
    return {
      state: this.#state,
      consecutiveFailures: this.#failures,
      opened: this.#opened,
      lastFailure: this.#lastFailure,
    };
  }
}
