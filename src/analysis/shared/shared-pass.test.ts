import { describe, expect, it } from 'vitest';
import { waitForPass, type SharedPass } from './shared-pass.js';

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
