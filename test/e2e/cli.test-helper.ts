/**
 * Helpers for end-to-end tests that run the BUILT CLI (`bin/empathy.js` -> the bundle in `dist/bundle/`, workers from `dist/`) as a
 * child process on temporary copies of the fixture repositories.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository root. */
export const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin', 'empathy.js');

/** What a CLI run returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `empathy ...args` in `cwd` (no TTY, no colour). */
export function runCli(args: string[], cwd: string, timeoutMs = 240_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', EMPATHY_LOG: 'error' },
      },
      (error, stdout, stderr) => {
        const code =
          error && typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : error
              ? -1
              : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const copies: string[] = [];

/** Copies `test/fixtures/<name>` into a fresh temporary directory and returns its path. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `empathy-e2e-${name}-`));
  copies.push(dir);
  const target = path.join(dir, name);
  cpSync(path.join(REPO, 'test', 'fixtures', name), target, { recursive: true });
  return target;
}

/** Removes every copy made by {@link copyFixture}. */
export function removeCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
