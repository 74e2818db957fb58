import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('kills a hanging command at its deadline', async () => {
    // The command never ends: without the deadline this test would time out.
    const r = await runCommand(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { cwd, timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
  });

  it('kills the whole process group, grandchildren included', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'empathy-run-command-'));
    try {
      const pidFile = path.join(dir, 'grandchild.pid');
      const script = `const c=require("child_process").spawn(process.execPath,["-e","setInterval(()=>{},1000)"],{stdio:"ignore"}); require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(c.pid)); setInterval(()=>{},1000)`;
      const controller = new AbortController();
      const run = runCommand(process.execPath, ['-e', script], { cwd, signal: controller.signal });
      // Stop it once the grandchild exists (not after a delay), then wait until it is gone.
      while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 10));
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      expect(grandchild).toBeGreaterThan(0);
      controller.abort();
      expect((await run).aborted).toBe(true);
      // Gone, or a zombie waiting to be reaped by init: either way no longer running.
      while (!/^(gone|Z)$/.test(processState(grandchild))) await new Promise((r) => setTimeout(r, 10));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
