/**
 * The run budget (`--max-cost`): every call reserves its worst-case cost before it is made
 * and settles at its real cost after. A call whose reservation would cross the limit is
 * not made. Reservations make this hold under concurrency too: spent + reserved never
 * exceeds the limit, so the budget is never exceeded.
 *
 * @module
 */

/** A reservation of the worst-case cost of one call. */
export interface BudgetReservation {
  readonly amountUsd: number;
  /** Replaces the reservation by the real cost (at most the reserved amount is expected). */
  settle(actualUsd: number): void;
  /** Drops the reservation (the call was not made or cost nothing). */
  release(): void;
}

/** What the budget reports. Wire names are snake_case in reports. */
export interface BudgetReport {
  maxCostUsd: number | null;
  spentUsd: number;
  /** Model calls not made because the next one could have crossed the limit. */
  skippedCalls: number;
}

/**
 * A dollar budget shared by the calls of one run.
 *
 * @example
 * const budget = new Budget(0.5);
 * const r = budget.reserve(0.12); // null when it would cross $0.50
 * r?.settle(0.03);
 */
export class Budget {
  #spent = 0;
  #reserved = 0;
  #skipped = 0;

  /** @param maxCostUsd the limit in US dollars, or `null` for none. */
  constructor(readonly maxCostUsd: number | null) {}

  /** Reserves `amountUsd`; `null` (and one skipped call counted) when it would cross the limit. */
  reserve(amountUsd: number): BudgetReservation | null {
    if (this.maxCostUsd !== null && this.#spent + this.#reserved + amountUsd > this.maxCostUsd) {
      this.#skipped += 1;
      return null;
    }
    this.#reserved += amountUsd;
    let open = true;
    const close = (spent: number) => {
      if (!open) return;
      open = false;
      this.#reserved -= amountUsd;
      this.#spent += spent;
    };
    return { amountUsd, settle: (actual) => close(Math.max(0, actual)), release: () => close(0) };
  }

  /** Counts a call skipped for another budget reason (e.g. a model without a price under a limit). */
  countSkipped(): void {
    this.#skipped += 1;
  }

  /** Dollars spent so far (settled calls). */
  get spentUsd(): number {
    return this.#spent;
  }

  /** The budget's figures. */
  report(): BudgetReport {
    return { maxCostUsd: this.maxCostUsd, spentUsd: this.#spent, skippedCalls: this.#skipped };
  }
}
