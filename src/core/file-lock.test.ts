import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmpathyError } from '../errors.js';
import { acquireFileLock, withFileLock } from './file-lock.js';
import { captureLogs, useTempDirs } from './temp-dir.test-helper.js';

const makeTempDir = useTempDirs();
captureLogs();

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid;
  if (pid === undefined) throw new Error('could not start a process');
  return pid;
}

describe('file lock', () => {
  it('serialises critical sections (no interleaving) and removes the lock afterwards', async () => {
    const dir = makeTempDir();
    const lock = join(dir, 'x.lock');
    let inside = 0;
    let maxInside = 0;
    let counter = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lock, async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          const read = counter;
          await new Promise((r) => setTimeout(r, 1));
          counter = read + 1;
          inside -= 1;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(counter).toBe(20);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the holder pid, host and a timestamp in the lock file', async () => {
    const dir = makeTempDir();
    const before = Date.now();
    const lock = await acquireFileLock(join(dir, 'x.lock'));
    const after = Date.now();
    const holder = JSON.parse(readFileSync(join(dir, 'x.lock'), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, hostname: hostname(), token: lock.token });
    // the time of acquisition, however long it took
    expect(Date.parse(holder.created_at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(holder.created_at)).toBeLessThanOrEqual(after);
    await lock.release();
    await lock.release();
    expect(existsSync(join(dir, 'x.lock'))).toBe(false);
  });

  it('recovers a lock whose holder is dead, and clears that holder’s temporary files', async () => {
    const dir = makeTempDir();
    const pid = deadPid();
    writeFileSync(
      join(dir, 'x.lock'),
      JSON.stringify({ pid, hostname: hostname(), created_at: new Date().toISOString(), token: 'dead' }),
    );
    writeFileSync(join(dir, `.x.json.${pid}.0a1b2c.tmp`), 'half a fi');
    writeFileSync(join(dir, `.x.json.${process.pid}.0a1b2c.tmp`), 'ours, alive');
    // A fresh lock of a live holder is never recovered: only the dead holder lets this succeed.
    const lock = await acquireFileLock(join(dir, 'x.lock'), { timeoutMs: 120_000 });
    expect(readdirSync(dir).sort()).toEqual([`.x.json.${process.pid}.0a1b2c.tmp`, 'x.lock']);
    await lock.release();
  });

  it('recovers a lock older than the stale bound even if its holder looks alive', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'x.lock');
    const old = new Date(Date.now() - 120_000);
    writeFileSync(
      path,
      JSON.stringify({
        pid: process.pid,
        hostname: 'another-host',
        created_at: old.toISOString(),
        token: 'old',
      }),
    );
    utimesSync(path, old, old);
    const lock = await acquireFileLock(path, { staleMs: 60_000, timeoutMs: 120_000 });
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe(lock.token);
    await lock.release();
  });

  it('times out on a live, fresh lock with an actionable STORE_LOCKED error', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'x.lock');
    const held = await acquireFileLock(path);
    const error = await acquireFileLock(path, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmpathyError);
    expect((error as EmpathyError).code).toBe('STORE_LOCKED');
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    expect((error as Error).message).toContain('delete that file');
    await held.release();
  });

  it('does not remove a lock it no longer owns', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'x.lock');
    const lock = await acquireFileLock(path);
    writeFileSync(
      path,
      JSON.stringify({
        pid: process.pid,
        hostname: hostname(),
        created_at: new Date().toISOString(),
        token: 'someone-else',
      }),
    );
    await lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('someone-else');
  });
});
