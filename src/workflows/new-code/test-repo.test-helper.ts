/**
 * Test helper: a temporary git repository made from a fixture, with one commit.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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

/**
 * js-lib in git with one commit on `feature` over `main` that changes lib/queue.js lines 14
 * (uncovered in the fixture's lcov report) and 16 (covered), and a scratch folder beside it
 * holding that lcov report, newer than every source.
 */
export function changedJsLib(): { repo: string; scratch: string; lcov: string } {
  const repo = gitRepoFrom('js-lib');
  git(repo, 'checkout', '-q', '-b', 'feature');
  const queue = path.join(repo, 'lib/queue.js');
  const lines = readFileSync(queue, 'utf8').split('\n');
  lines[13] = '      return false; // full';
  lines[15] = '    this.items.push(item); // add';
  writeFileSync(queue, lines.join('\n'));
  git(repo, 'commit', '-q', '-am', 'change');
  const scratch = besideRepo(repo, 'scratch');
  mkdirSync(scratch);
  const lcov = path.join(scratch, 'lcov.info');
  writeFileSync(lcov, readFileSync(path.join(FIXTURES, 'cov-reports/js-lib.node-test.lcov.info')));
  const later = new Date(Date.now() + 60_000);
  utimesSync(lcov, later, later);
  return { repo, scratch, lcov };
}

/** Removes every repository made. */
export function removeGitRepos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The fixtures folder. */
export const FIXTURES_DIR = FIXTURES;
