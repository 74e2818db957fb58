import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { cleanupCopies, copyFixtures } from './fixture-copy.test-helper.js';
import type { ReportCandidate } from './readers/index.js';
import { gitTracking, judgeReport, namedReportCandidate, type ReportTracking } from './report-trust.js';
import type { CoverageFreshness } from './types.js';

afterAll(cleanupCopies);

function git(root: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'ignore' });
}

const candidate = (named = false): ReportCandidate => ({ absolutePath: '/r/coverage/lcov.info', relativePath: 'coverage/lcov.info', mtimeMs: 2, size: 1, named });
const fresh: CoverageFreshness = { fresh: true, measured_at: '', newest_source: 'lib/a.js', newest_source_at: '' };
const stale: CoverageFreshness = { ...fresh, fresh: false };
const tracking = (kind: ReportTracking['kind'], tracked: string[] = []): ReportTracking => ({ kind, tracked: new Set(tracked), reason: kind === 'unknown' ? 'git ls-files failed: boom' : null });

describe('which existing coverage report may give the figure', () => {
  it('asks git once which reports it tracks; outside a repository it says so', async () => {
    const root = await copyFixtures(['js-lib']);
    await fs.mkdir(path.join(root, 'coverage'));
    await fs.writeFile(path.join(root, 'coverage', 'lcov.info'), 'TN:\n');
    await fs.writeFile(path.join(root, 'lcov.info'), 'TN:\n');
    expect((await gitTracking(root, ['coverage/lcov.info'])).kind).toBe('no-git');
    git(root, 'init', '-q');
    git(root, 'add', 'lib', 'coverage/lcov.info');
    git(root, 'commit', '-q', '-m', 'forged report');
    const answer = await gitTracking(root, ['coverage/lcov.info', 'lcov.info', 'coverage.xml']);
    expect(answer).toEqual({ kind: 'git', tracked: new Set(['coverage/lcov.info']), reason: null });
    expect(await gitTracking(root, [])).toMatchObject({ kind: 'git' });
  });

  it('judges by rule: named, tracked, git unavailable, older, no git, untracked and newer', () => {
    const table: Array<[ReportCandidate, ReportTracking, CoverageFreshness, string, boolean]> = [
      [candidate(true), tracking('git', ['coverage/lcov.info']), fresh, 'named', true],
      [candidate(true), tracking('git'), stale, 'named', true],
      [candidate(), tracking('git', ['coverage/lcov.info']), fresh, 'tracked_by_git', false],
      [candidate(), tracking('unknown'), fresh, 'git_unavailable', false],
      [candidate(), tracking('git'), stale, 'older_than_sources', false],
      [candidate(), tracking('no-git'), stale, 'older_than_sources', false],
      [candidate(), tracking('no-git'), fresh, 'newer_than_sources_no_git', true],
      [candidate(), tracking('git'), fresh, 'untracked_and_newer', true],
    ];
    for (const [c, t, f, rule, accepted] of table) {
      const choice = judgeReport(c, t, f);
      expect([choice.rule, choice.accepted], rule).toEqual([rule, accepted]);
      expect(choice.note.startsWith('coverage/lcov.info: ')).toBe(true);
    }
    expect(judgeReport(candidate(), tracking('git', ['coverage/lcov.info']), fresh).note).toContain('git tracks it');
    expect(judgeReport(candidate(), tracking('no-git'), fresh).note).toContain('not a git repository');
    expect(judgeReport(candidate(true), tracking('git'), stale).note).toContain('older than lib/a.js');
  });

  it('a named report must be a readable file; outside the root it keeps its absolute path', async () => {
    const root = await copyFixtures(['js-lib']);
    await expect(namedReportCandidate(root, 'nope.info')).rejects.toThrow(UserError);
    await expect(namedReportCandidate(root, 'lib')).rejects.toThrow(/not a regular file/);
    await expect(namedReportCandidate(root, '')).rejects.toThrow(/empty/);
    expect(await namedReportCandidate(root, 'lib/parse.js')).toMatchObject({ relativePath: 'lib/parse.js', named: true });
    const outside = await copyFixtures(['cov-reports']);
    const file = path.join(outside, 'ts-lib.lcov.info');
    expect((await namedReportCandidate(root, file)).relativePath).toBe(file);
  });
});

describe('reports reached through a link', () => {
  it('are never found: a report file that is a symlink, or under a linked directory leading out of the root', async () => {
    const { findCoverageReports } = await import('./readers/index.js');
    const root = await copyFixtures(['js-lib']);
    const outside = await copyFixtures(['cov-reports']);
    await fs.symlink(outside, path.join(root, 'coverage'));
    await fs.symlink(path.join(outside, 'ts-lib.lcov.info'), path.join(root, 'lcov.info'));
    await fs.copyFile(path.join(outside, 'ts-lib.lcov.info'), path.join(outside, 'lcov.info'));
    await fs.writeFile(path.join(root, 'coverage.xml'), '<coverage/>');
    expect((await findCoverageReports(root)).map((c) => c.relativePath)).toEqual(['coverage.xml']);
  });
});
