/**
 * A concurrency limit: at most `limit` tasks run at once, the others wait in FIFO order.
 *
 * @module
 */

/**
 * @example
 * const limit = new ConcurrencyLimit(4);
 * const answer = await limit.run(() => callModel());
 */
export class ConcurrencyLimit {
  #active = 0;
  #peak = 0;
  readonly #queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Runs `task` when a slot is free. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    // A released slot is handed to the next waiter directly, so no newcomer can jump in between.
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#queue.push(resolve));
    else this.#active += 1;
    this.#peak = Math.max(this.#peak, this.#active);
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }

  /** Most tasks that ran at once so far. */
  get peak(): number {
    return this.#peak;
  }
}
