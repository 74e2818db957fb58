import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../../test/store/temp-dir.js';
import { spawnTsx, waitForExit, waitForLine } from '../../test/store/spawn-tsx.js';
import { concurrencyTeam } from '../../test/store/teams.js';
import { AgentConfiguration } from './agent-configuration.js';
import { ConfigurationStore } from './config-store.js';
import { parseStoredComposition } from './store-schema.js';

afterAll(removeTempDirs);

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

    let successes = 0;
    let qualitySum = 0;
    for (let w = 0; w < workers; w++) {
      for (let i = 0; i < perWorker; i++) {
        if ((w + i) % 4 !== 0) successes += 1;
        qualitySum += w * 10 + (i % 10);
      }
    }
    const id = new AgentConfiguration(concurrencyTeam()).id;
    const stored = await new ConfigurationStore({ storageDir: dir }).load(id);
    expect(stored?.usageCount).toBe(400);
    expect(stored?.successCount).toBe(successes);
    expect(stored?.failureCount).toBe(400 - successes);
    expect(stored?.successRate).toBeCloseTo(successes / 400, 12);
    expect(stored?.avgQualityScore).toBeCloseTo(qualitySum / 400, 9);
    // Nothing left behind: one record, no lock, no temporary file.
    expect(readdirSync(dir)).toEqual([`${id}.json`]);
  }, 60_000);

  it('a writer killed with SIGKILL mid-save never leaves a partial file and the store always loads', async () => {
    const dir = makeTempDir();
    const store = new ConfigurationStore({ storageDir: dir, lock: { staleMs: 5_000 } });
    const id = new AgentConfiguration(concurrencyTeam()).id;
    const kills = 12;
    let leftovers = 0;
    let lastUsage = 0;
    let next = spawnTsx('test/store/save-loop-child.ts', [dir], { stdin: true });
    let nextReady = waitForLine(next, 'ready');
    for (let k = 0; k < kills; k++) {
      const child = next;
      await nextReady;
      const exited = waitForExit(child);
      child.stdin?.write('go\n');
      // Start the next writer now, so its start-up overlaps this one's run.
      if (k + 1 < kills) {
        next = spawnTsx('test/store/save-loop-child.ts', [dir], { stdin: true });
        nextReady = waitForLine(next, 'ready');
      }
      // The first writes may not have started yet: wait for the file, then a random moment.
      const waitUntil = Date.now() + 10_000;
      while (!existsSync(join(dir, `${id}.json`)) && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 150));
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
    process.stdout.write(`crash test: ${kills} kills, ${leftovers} landed inside a save, final usage_count ${lastUsage}\n`);
  }, 90_000);
});
