/**
 * Test helper: a temporary git repository made from a fixture, with one commit.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');
const made: string[] = [];

/** Runs git in `cwd` with a fixed identity and no user or system configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** Copies `test/fixtures/<name>` (or an empty dir) into a new git repository with one commit on `main`. */
export function gitRepoFrom(name: string | null): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'empathy-newcode-')));
  made.push(dir);
  if (name) cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');
  return dir;
}

/** A path beside the repository (outside it), removed with it. */
export function besideRepo(repo: string, suffix: string): string {
  const file = `${repo}-${suffix}`;
  made.push(file);
  return file;
}

/** Removes every repository made. */
export function removeGitRepos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The fixtures folder. */
export const FIXTURES_DIR = FIXTURES;
