/**
 * One pass over the project's files shared by several analysers of a run (the ESLint pass of
 * `eslint-plan.ts`, the Python pass of `python-pass-plan.ts`): the first analyser starts it, the
 * others wait on the same promise, and the pass is aborted only when every analyser waiting on
 * it has been aborted. A large pass is cut into chunks of similar text size, one worker job each.
 *
 * @module
 */

/** A running shared pass: its result, the controller that stops it, how many analysers wait on it. */
export interface SharedPass<T> {
  result: Promise<T>;
  controller: AbortController;
  waiters: number;
}

/**
 * The pass running for `plan`, started with `start` (given the pass's own abort signal) when none
 * is; its failure is left to the waiters, never unhandled.
 *
 * @example
 * const result = await waitForPass(plan, runningPass(plan, (signal) => startPass(index, signal)), signal);
 */
export function runningPass<T>(plan: { pass: SharedPass<T> | null }, start: (signal: AbortSignal) => Promise<T>): SharedPass<T> {
  if (!plan.pass) {
    const controller = new AbortController();
    const result = start(controller.signal);
    result.catch(() => undefined);
    plan.pass = { result, controller, waiters: 0 };
  }
  return plan.pass;
}

/**
 * Waits for `pass` on behalf of one analyser. When `signal` aborts, this analyser stops waiting
 * (rejecting with the abort reason); the last analyser to stop aborts the pass and clears it from
 * `plan`, so a later analyser starts a new one.
 *
 * @example
 * const result = await waitForPass(plan, plan.pass, signal);
 */
export function waitForPass<T>(plan: { pass: SharedPass<T> | null }, pass: SharedPass<T>, signal: AbortSignal | undefined): Promise<T> {
  pass.waiters += 1;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      pass.waiters -= 1;
      if (pass.waiters === 0) {
        pass.controller.abort(signal?.reason);
        if (plan.pass === pass) plan.pass = null;
      }
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    pass.result.then(
      (value) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Splits `files` into at most `count` chunks of similar text size (largest file first, each to
 * the lightest chunk); never returns an empty chunk.
 *
 * @example
 * splitIntoChunks(files, 2).length; // 2 when there are two files or more
 */
export function splitIntoChunks<F extends { text: string }>(files: readonly F[], count: number): F[][] {
  const size = Math.max(1, Math.min(count, files.length));
  const parts = Array.from({ length: size }, () => ({ chars: 0, files: [] as F[] }));
  for (const file of [...files].sort((a, b) => b.text.length - a.text.length)) {
    const lightest = parts.reduce((min, p) => (p.chars < min.chars ? p : min));
    lightest.files.push(file);
    lightest.chars += file.text.length;
  }
  return parts.map((p) => p.files);
}
