import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ToolError } from '../errors.js';
import { findExecutable, runCommand } from './run-command.js';

const cwd = os.tmpdir();

describe('runCommand', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const r = await runCommand(
      process.execPath,
      ['-e', 'console.log("out"); console.error("err"); process.exit(3)'],
      { cwd },
    );
    expect(r.stdout.trim()).toBe('out');
    expect(r.stderr.trim()).toBe('err');
    expect(r.exitCode).toBe(3);
    expect(r.timedOut).toBe(false);
  });

  it('kills a hanging command at its deadline, grandchildren included', async () => {
    const script =
      'const c=require("child_process").spawn(process.execPath,["-e","setInterval(()=>{},1000)"],{stdio:"ignore"}); console.log(c.pid); setInterval(()=>{},1000)';
    const r = await runCommand(process.execPath, ['-e', script], { cwd, timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.durationMs).toBeLessThan(5000);
    const grandchild = Number(r.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Gone, or a zombie waiting to be reaped by init: either way no longer running.
    expect(processState(grandchild)).toMatch(/^(gone|Z)$/);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await runCommand(process.execPath, ['-e', 'setInterval(()=>{},1000)'], {
      cwd,
      signal: controller.signal,
    });
    expect(r.aborted).toBe(true);
  });

  it('passes stdin and env', async () => {
    const r = await runCommand(
      process.execPath,
      ['-e', 'process.stdin.pipe(process.stdout); process.stdout.write(process.env.X_TEST ?? "")'],
      {
        cwd,
        input: 'hi ',
        env: { X_TEST: 'there' },
      },
    );
    expect(r.stdout).toContain('there');
    expect(r.stdout).toContain('hi');
  });

  it('throws ToolError for a program that does not exist', async () => {
    await expect(runCommand('definitely-not-a-program-xyz', [], { cwd })).rejects.toBeInstanceOf(ToolError);
  });

  it('findExecutable finds node and not a missing program', () => {
    expect(findExecutable(process.execPath)).toBe(process.execPath);
    expect(findExecutable('definitely-not-a-program-xyz')).toBeNull();
  });
});

function processState(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? 'gone';
  } catch {
    return 'gone';
  }
}
