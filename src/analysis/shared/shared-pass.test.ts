import { describe, expect, it } from 'vitest';
import { runningPass, waitForPass, type SharedPass } from './shared-pass.js';

function pending(): { pass: SharedPass<string>; resolve: (v: string) => void } {
  let resolve!: (v: string) => void;
  const result = new Promise<string>((r) => {
    resolve = r;
  });
  return { pass: { result, controller: new AbortController(), waiters: 0 }, resolve };
}

describe('waitForPass', () => {
  it('gives every waiter the result of the one pass', async () => {
    const { pass, resolve } = pending();
    const plan = { pass };
    const a = waitForPass(plan, pass, undefined);
    const b = waitForPass(plan, pass, new AbortController().signal);
    resolve('done');
    expect(await Promise.all([a, b])).toEqual(['done', 'done']);
    expect(pass.controller.signal.aborted).toBe(false);
  });

  it('aborts the pass only when the last waiter is aborted, and clears it from the plan', async () => {
    const { pass, resolve } = pending();
    const plan: { pass: SharedPass<string> | null } = { pass };
    const first = new AbortController();
    const second = new AbortController();
    const a = waitForPass(plan, pass, first.signal);
    const b = waitForPass(plan, pass, second.signal);
    first.abort(new Error('first stopped'));
    await expect(a).rejects.toThrow('first stopped');
    expect(pass.controller.signal.aborted).toBe(false);
    expect(plan.pass).toBe(pass);
    second.abort(new Error('second stopped'));
    await expect(b).rejects.toThrow('second stopped');
    expect(pass.controller.signal.aborted).toBe(true);
    expect(plan.pass).toBeNull();
    resolve('late');
  });

  it('passes the failure of the pass to its waiters', async () => {
    const pass: SharedPass<string> = { result: Promise.reject(new Error('pass failed')), controller: new AbortController(), waiters: 0 };
    await expect(waitForPass({ pass }, pass, undefined)).rejects.toThrow('pass failed');
  });
});

describe('runningPass', () => {
  it('starts one pass per plan, and a new one once every waiter of the last has been aborted', async () => {
    const plan: { pass: SharedPass<number> | null } = { pass: null };
    let starts = 0;
    const start = () => Promise.resolve((starts += 1));
    const first = runningPass(plan, start);
    expect(runningPass(plan, start)).toBe(first);
    const controller = new AbortController();
    const waiting = waitForPass(plan, first, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(plan.pass).toBeNull();
    expect(await waitForPass(plan, runningPass(plan, start), undefined)).toBe(2);
    expect(starts).toBe(2);
  });

  it('gives the pass its own signal, which the last aborted waiter aborts', async () => {
    const plan: { pass: SharedPass<string> | null } = { pass: null };
    let seen: AbortSignal | undefined;
    const pass = runningPass(plan, (signal) => {
      seen = signal;
      return new Promise<string>(() => undefined);
    });
    const controller = new AbortController();
    const waiting = waitForPass(plan, pass, controller.signal);
    expect(seen?.aborted).toBe(false);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    expect(seen?.aborted).toBe(true);
  });
});
