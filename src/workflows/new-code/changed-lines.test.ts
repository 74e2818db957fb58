import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../errors.js';
import { resolveBaseRef } from './base-ref.js';
import { changedLines, parseUnifiedDiff, unquoteGitPath } from './changed-lines.js';
import { besideRepo, git, gitRepoFrom, removeGitRepos } from './test-repo.test-helper.js';

afterAll(removeGitRepos);

describe('parseUnifiedDiff', () => {
  it('reads added and modified lines per file, skipping deletions and deleted files', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -3 +3 @@',
      '-old',
      '+new',
      '@@ -10,0 +11,3 @@',
      '+x',
      '+y',
      '+z',
      '@@ -20,2 +23,0 @@',
      '-gone',
      '-gone',
      'diff --git a/old.ts b/old.ts',
      'deleted file mode 100644',
      '--- a/old.ts',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
      'diff --git "a/sp ace\\tx.ts" "b/sp ace\\tx.ts"',
      '--- "a/sp ace\\tx.ts"',
      '+++ "b/sp ace\\tx.ts"',
      '@@ -0,0 +1 @@',
      '+one',
    ].join('\n');
    expect([...parseUnifiedDiff(diff)]).toEqual([
      ['src/a.ts', [3, 11, 12, 13]],
      ['sp ace\tx.ts', [1]],
    ]);
  });

  it('unquotes git C-style paths, octal UTF-8 bytes included', () => {
    expect(unquoteGitPath('"b/caf\\303\\251.ts"')).toBe('b/café.ts');
    expect(unquoteGitPath('b/plain.ts')).toBe('b/plain.ts');
  });
});

describe('resolveBaseRef', () => {
  it('prefers --base, then the pull request base sha of the event file, then GITHUB_BASE_REF', () => {
    const dir = gitRepoFrom(null);
    const event = path.join(dir, 'event.json');
    const sha = 'a'.repeat(40);
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha, ref: 'main' } } }));
    const gh = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_PATH: event, GITHUB_BASE_REF: 'main' };
    expect(resolveBaseRef('v1.0', gh)).toEqual({ ref: 'v1.0', source: '--base' });
    expect(resolveBaseRef(undefined, gh)).toEqual({ ref: sha, source: 'GITHUB_EVENT_PATH (pull_request.base.sha)' });
    expect(resolveBaseRef(undefined, { ...gh, GITHUB_EVENT_PATH: path.join(dir, 'missing.json') })).toEqual({
      ref: 'origin/main',
      source: 'GITHUB_BASE_REF',
    });
    // a push event: no base, no new-code gates
    expect(resolveBaseRef(undefined, { GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: '' })).toBeNull();
    expect(resolveBaseRef(undefined, { GITHUB_BASE_REF: 'main' })).toBeNull(); // not in Actions
  });
});

describe('changedLines', () => {
  it('lists the lines changed since the merge base: committed, uncommitted and untracked, relative to the root', async () => {
    const repo = gitRepoFrom('js-lib');
    git(repo, 'checkout', '-q', '-b', 'feature');
    const queue = path.join(repo, 'lib/queue.js');
    const lines = readFileSync(queue, 'utf8').split('\n');
    lines[13] = '      return false; // full';
    writeFileSync(queue, lines.join('\n'));
    git(repo, 'commit', '-q', '-am', 'change');
    lines[15] = '    this.items.push(item); // add';
    writeFileSync(queue, lines.join('\n')); // not committed
    writeFileSync(path.join(repo, 'lib/new.js'), 'a\nb\n');
    symlinkSync('/etc/hostname', path.join(repo, 'lib/outside.js')); // never read through
    const changed = await changedLines(repo, { ref: 'main', source: '--base' });
    expect(changed.mergeBase).toBe(git(repo, 'rev-parse', 'main').trim());
    expect(Object.fromEntries(changed.files)).toEqual({ 'lib/queue.js': [14, 16], 'lib/new.js': [1, 2] });

    // a project in a sub-directory sees its own files, relative to itself
    const sub = await changedLines(path.join(repo, 'lib'), { ref: 'main', source: '--base' });
    expect(Object.fromEntries(sub.files)).toEqual({ 'queue.js': [14, 16], 'new.js': [1, 2] });
  });

  it('a bad base is a one-line UserError naming the ref and how to fetch it', async () => {
    const repo = gitRepoFrom('js-lib');
    const error = await changedLines(repo, { ref: 'origin/nope', source: '--base' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^--base origin\/nope: no such commit in .*fetch-depth: 0\)$/);
    expect((error as Error).message).not.toContain('\n');
    await expect(changedLines(repo, { ref: '--output=x', source: '--base' })).rejects.toThrow(/not a git revision/);
    const notRepo = besideRepo(repo, 'plain');
    mkdirSync(notRepo);
    await expect(changedLines(notRepo, { ref: 'main', source: '--base' })).rejects.toThrow(/is not inside a git repository$/);
  });

  it('an external diff driver or textconv set by the repository never runs', async () => {
    const repo = gitRepoFrom('js-lib');
    const marker = path.join(repo, 'ran');
    git(repo, 'config', 'diff.external', `sh -c 'touch ${marker}'`);
    git(repo, 'config', 'diff.evil.textconv', `sh -c 'touch ${marker}'`);
    writeFileSync(path.join(repo, '.gitattributes'), '*.js diff=evil\n');
    writeFileSync(path.join(repo, 'lib/queue.js'), readFileSync(path.join(repo, 'lib/queue.js'), 'utf8') + '// more\n');
    const changed = await changedLines(repo, { ref: 'HEAD', source: '--base' });
    expect(changed.files.get('lib/queue.js')).toEqual([31]);
    expect(() => readFileSync(marker)).toThrow();
  });
});
