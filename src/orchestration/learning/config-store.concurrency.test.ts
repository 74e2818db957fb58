/**
 * The store under real concurrent processes. Children are TypeScript scripts in
 * `test/store/`, run with `node --import tsx`.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigurationStore } from './config-store.js';
import { parseStoredComposition } from './store-schema.js';
import { useTempDirs } from '../../core/temp-dir.test-helper.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const makeTempDir = useTempDirs();

/** Starts `script` (relative to the repository root) under tsx. */
function spawnTsx(script: string, args: string[], stdin = false): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, EMPATHY_LOG: 'error' },
  });
}

/** Resolves with the exit code, signal and output when the child exits. */
function waitForExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first stdout line starting with `prefix`. */
function waitForLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((l) => l.startsWith(prefix) && seen.includes(`${l}\n`));
      if (line !== undefined) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before printing ${prefix}`)));
  });
}

describe('ConfigurationStore across processes', () => {
  it('8 processes x 50 recordOutcome calls on one composition lose no update', async () => {
    const dir = makeTempDir();
    const workers = 8;
    const perWorker = 50;
    const children = Array.from({ length: workers }, (_, w) =>
      waitForExit(spawnTsx('test/store/record-outcomes-child.ts', [dir, String(w), String(perWorker)])),
    );
    const results = await Promise.all(children);
    for (const [w, r] of results.entries()) {
      expect(r.stderr, `worker ${w} stderr`).toBe('');
      expect(r.code, `worker ${w} exit code`).toBe(0);
    }
    // Every worker built the same team independently and got the same stable id.
    const ids = new Set(results.map((r) => r.stdout.trim().split(' ')[2]));
    expect(ids.size).toBe(1);
    const [id = ''] = ids;

    let successes = 0;
    let qualitySum = 0;
    for (let w = 0; w < workers; w++) {
      for (let i = 0; i < perWorker; i++) {
        if ((w + i) % 4 !== 0) successes += 1;
        qualitySum += w * 10 + (i % 10);
      }
    }
    const stored = await new ConfigurationStore({ storageDir: dir }).load(id);
    expect(stored?.usageCount).toBe(400);
    expect(stored?.successCount).toBe(successes);
    expect(stored?.failureCount).toBe(400 - successes);
    expect(stored?.successRate).toBeCloseTo(successes / 400, 12);
    expect(stored?.avgQualityScore).toBeCloseTo(qualitySum / 400, 9);
    // Nothing left behind: one record, no lock, no temporary file.
    expect(readdirSync(dir)).toEqual([`${id}.json`]);
  }, 600_000); // 400 locked, fsynced writes by 8 processes: minutes on a loaded 2-core machine

  it('a writer killed with SIGKILL mid-save never leaves a partial file and the store always loads', async () => {
    const dir = makeTempDir();
    const store = new ConfigurationStore({ storageDir: dir, lock: { staleMs: 5_000 } });
    const kills = 10;
    let id = '';
    let leftovers = 0;
    let lastUsage = 0;
    let next = spawnTsx('test/store/save-loop-child.ts', [dir], true);
    let nextReady = waitForLine(next, 'ready');
    for (let k = 0; k < kills; k++) {
      const child = next;
      id = (await nextReady).split(' ')[1] ?? '';
      const exited = waitForExit(child);
      child.stdin?.write('go\n');
      // Start the next writer now, so its start-up overlaps this one's run.
      if (k + 1 < kills) {
        next = spawnTsx('test/store/save-loop-child.ts', [dir], true);
        nextReady = waitForLine(next, 'ready');
      }
      // The first writes may not have started yet: wait for the file (however slow the machine;
      // the test's own timeout is the bound), then a random moment.
      while (!existsSync(join(dir, `${id}.json`))) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 300));
      child.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');

      const names = readdirSync(dir);
      if (names.some((n) => n.endsWith('.lock') || n.endsWith('.tmp'))) leftovers += 1;
      // Every composition file in the store is complete and valid.
      const records = names.filter((n) => n.endsWith('.json') && !n.startsWith('.'));
      expect(records).toEqual([`${id}.json`]);
      const parsed = parseStoredComposition(readFileSync(join(dir, records[0] ?? ''), 'utf8'));
      expect(parsed.ok).toBe(true);
      const loaded = await store.load(id);
      expect(loaded).toBeDefined();
      expect(loaded!.usageCount).toBeGreaterThanOrEqual(lastUsage);
      // The dead writer's lock is recovered and the next update counts exactly once.
      const updated = await store.recordOutcome(id, true, 99);
      expect(updated.usageCount).toBe(loaded!.usageCount + 1);
      lastUsage = updated.usageCount;
      // No lock left, and the dead writer's temporary data file (if any) was cleared with its lock.
      expect(readdirSync(dir).filter((n) => n.endsWith('.lock') || n.startsWith(`.${id}.json.`))).toEqual([]);
    }
    // Evidence that kills landed inside a save (lock held or temporary file written), not only between saves.
    expect(leftovers).toBeGreaterThan(0);
    expect(readdirSync(dir).some((n) => n.includes('.corrupt'))).toBe(false);
    process.stdout.write(
      `crash test: ${kills} kills, ${leftovers} landed inside a save, final usage_count ${lastUsage}\n`,
    );
  }, 600_000); // 10 writers started and killed: minutes on a loaded 2-core machine
});
