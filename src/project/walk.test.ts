import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { buildProjectIndex } from './index.js';
import { sha256 } from './hashing.js';
import { makeTree, removeTree, writeTree, type TreeSpec } from './temp-tree.test-helper.js';

const roots: string[] = [];
async function tree(spec: TreeSpec): Promise<string> {
  const root = await makeTree(spec);
  roots.push(root);
  return root;
}
afterEach(async () => {
  await Promise.all(roots.splice(0).map(removeTree));
});

const paths = (index: { files: { path: string }[] }) => index.files.map((file) => file.path);

describe('buildProjectIndex: what is walked', () => {
  it('honours root and nested .gitignore files with relative semantics and negation', async () => {
    const root = await tree({
      '.gitignore': '*.log\n!keep.log\n/top-only.txt\nsecret/\n',
      'a.log': 'x',
      'keep.log': 'kept',
      'top-only.txt': 'x',
      'pkg/top-only.txt': 'not anchored here',
      'secret/x.ts': 'x',
      'pkg/.gitignore': 'gen/\n!a.log\nlocal.ts\n',
      'pkg/a.log': 'unignored by the nested file',
      'pkg/b.log': 'still ignored by the root file',
      'pkg/local.ts': 'x',
      'pkg/gen/out.js': 'x',
      'pkg/src/local.ts': 'ignored: pattern without slash matches at any depth below pkg',
      'other/local.ts': 'not below pkg: kept',
      'other/gen/out.js': 'gen/ is only ignored under pkg',
    });
    const index = await buildProjectIndex(root, { cache: false });
    expect(paths(index)).toEqual([
      '.gitignore',
      'keep.log',
      'other/gen/out.js',
      'other/local.ts',
      'pkg/.gitignore',
      'pkg/a.log',
      'pkg/top-only.txt',
    ]);
    // a.log, top-only.txt, secret/, pkg/b.log, pkg/local.ts, pkg/gen/, pkg/src/local.ts
    expect(index.skipped.ignored).toBe(7);
  });

  it('agrees with git on which files are not ignored', async (context) => {
    try {
      execFileSync('git', ['--version'], { encoding: 'utf8' });
    } catch {
      context.skip('git is not installed: cross-check with git skipped');
    }
    const root = await tree({
      '.gitignore': '*.tmp\n!important.tmp\ndocs/**/draft-*\n/rootonly\n',
      'important.tmp': 'x',
      'a.tmp': 'x',
      rootonly: 'x',
      'docs/x/draft-1.md': 'x',
      'docs/x/final.md': 'x',
      'docs/rootonly': 'x',
      'lib/.gitignore': '/*.js\n!keep.js\n*.tmp\n!lib-keep.tmp\n',
      'lib/a.js': 'x',
      'lib/keep.js': 'x',
      'lib/lib-keep.tmp': 'x',
      'lib/deep/b.js': 'x',
      'lib/deep/c.tmp': 'x',
      'pkgs/.gitignore': '/*\n!/keep/\n!.gitignore\n',
      'pkgs/drop/a.ts': 'x',
      'pkgs/top.ts': 'x',
      'pkgs/keep/a.ts': 'x',
      'out/.gitignore': '!*.ts\n',
      'tree/doc/a.txt': 'x',
      'tree/doc/sub/b.txt': 'x',
      'tree/.gitignore': 'doc/*.txt\n**/scratch\n',
      'tree/x/scratch/y.ts': 'x',
      'tree/scratch': 'x',
      '...': 'x',
      'name with spaces #1.md': 'x',
      '\\#hash.md': 'x',
    });
    await writeTree(root, { '.gitignore': '*.tmp\n!important.tmp\ndocs/**/draft-*\n/rootonly\nout/\n' });
    execFileSync('git', ['init', '-q'], { cwd: root });
    const fromGit = execFileSync('git', ['ls-files', '-z', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean)
      .sort();
    const index = await buildProjectIndex(root, { cache: false });
    expect(paths(index)).toEqual(fromGit);
    expect(fromGit).toContain('lib/lib-keep.tmp');
  });

  it('keeps the files git tracks whatever .gitignore says, like git ls-files --cached --others', async (context) => {
    try {
      execFileSync('git', ['--version'], { encoding: 'utf8' });
    } catch {
      context.skip('git is not installed: tracked-file check skipped');
    }
    const root = await tree({
      // dataloader's layout: the built index.js at the top is ignored, its source src/index.js is committed
      '.gitignore': 'index.js\ngen/\n*.log\n',
      'index.js': 'built',
      'src/index.js': 'source',
      'src/util.js': 'source',
      'gen/committed.ts': 'tracked inside an ignored directory',
      'gen/local.ts': 'untracked inside an ignored directory',
      'gen/deep/also.ts': 'untracked, deeper',
      'notes.log': 'ignored, untracked',
      'kept.log': 'ignored pattern, tracked',
      'new.ts': 'untracked, not ignored',
      'dist/bundle.js': 'a default exclude, even when tracked',
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.gitignore', 'src/util.js');
    git('add', '-f', 'src/index.js', 'gen/committed.ts', 'kept.log', 'dist/bundle.js');
    const fromGit = git('ls-files', '-z', '--cached', '--others', '--exclude-standard')
      .split('\0')
      .filter((p) => p && !p.startsWith('dist/'))
      .sort();
    const index = await buildProjectIndex(root, { cache: false });
    expect(paths(index)).toEqual(fromGit);
    expect(paths(index)).toEqual(['.gitignore', 'gen/committed.ts', 'kept.log', 'new.ts', 'src/index.js', 'src/util.js']);
  });

  it('a linked worktree (.git is a file, not indexed) reads info/exclude from the common git directory', async (context) => {
    try {
      execFileSync('git', ['--version'], { encoding: 'utf8' });
    } catch {
      context.skip('git is not installed: worktree check skipped');
    }
    const main = await tree({ 'a.ts': 'x', 'local-notes.md': 'x' });
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
    git(main, 'init', '-q');
    git(main, 'add', 'a.ts');
    git(main, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'a');
    await writeTree(main, { '.git/info/exclude': 'local-*\n' });
    const linked = `${main}-linked`;
    roots.push(linked);
    git(main, 'worktree', 'add', '-q', linked);
    await writeTree(linked, { 'local-notes.md': 'x', 'b.ts': 'x' });
    const index = await buildProjectIndex(linked, { cache: false });
    // the `.git` file (gitdir: ...) is git's, not the project's
    expect(paths(index)).toEqual(['a.ts', 'b.ts']);
  });

  it('leaves out the default excludes at any depth and counts them', async () => {
    const root = await tree({
      'src/a.ts': 'export const a = 1;\n',
      'node_modules/x/index.js': 'x',
      'packages/p/node_modules/y/index.js': 'x',
      'dist/a.js': 'x',
      'build/a.js': 'x',
      'coverage/lcov.info': 'x',
      '.venv/lib/a.py': 'x',
      'venv/lib/a.py': 'x',
      'pkg/__pycache__/a.py': 'x',
      '.git/config': 'x',
      '.empathy/cache/x.json': '{}',
      'vendor/lib.js': 'x',
      '.tox/x.py': 'x',
      '.mypy_cache/x.json': 'x',
      '.pytest_cache/x': 'x',
      'public/app.min.js': 'x',
      'public/app.js.map': 'x',
      'public/app.js': 'console.log(1);\n',
    });
    const index = await buildProjectIndex(root, { cache: false });
    expect(paths(index)).toEqual(['public/app.js', 'src/a.ts']);
    expect(index.skipped.ignored).toBe(16);
  });

  it('applies include and exclude globs on top', async () => {
    const root = await tree({
      'src/a.ts': 'a',
      'src/a.test.ts': 'a',
      'src/b.py': 'b',
      'test/fixtures/f.ts': 'f',
      'README.md': 'r',
    });
    const index = await buildProjectIndex(root, {
      cache: false,
      include: ['*.ts', 'src/**/*.py'],
      exclude: ['*.test.ts', 'test/fixtures/**'],
    });
    expect(paths(index)).toEqual(['src/a.ts', 'src/b.py']);
    // README.md (not included), src/a.test.ts (excluded), test/fixtures (excluded directory)
    expect(index.skipped.ignored).toBe(3);
  });

  it('never follows a symlink out of the root and survives a symlink loop', async () => {
    const outside = await tree({ 'leak.ts': 'export const leaked = 1;\n', 'dir/x.ts': 'x' });
    const root = await tree({ 'src/a.ts': 'export const a = 1;\n' });
    await symlink(join(outside, 'leak.ts'), join(root, 'src/leak.ts'));
    await symlink(join(outside, 'dir'), join(root, 'outdir'));
    await symlink('..', join(root, 'src/loop'));
    await symlink('a.ts', join(root, 'src/alias.ts'));
    await symlink(join(root, 'missing.ts'), join(root, 'dangling.ts'));
    const index = await buildProjectIndex(root, { cache: false });
    expect(paths(index)).toEqual(['src/a.ts']);
    expect(index.skipped.symlinkOutsideRoot).toBe(2);
    expect(index.skipped.unreadable).toBe(1); // the dangling link
  });

  it('resolves a symlinked root to its real path', async () => {
    const real = await tree({ 'a.py': 'x = 1\n' });
    const link = join(tmpdir(), `empathy-link-${process.pid}-${Date.now()}`);
    await symlink(real, link);
    roots.push(link);
    const index = await buildProjectIndex(link, { cache: false });
    expect(index.root).toBe(real);
    expect(index.files[0]?.absolutePath).toBe(join(real, 'a.py'));
  });

  it('skips binary files (by extension and by NUL byte) and files over the size limit', async () => {
    const root = await tree({
      'logo.png': 'not even checked',
      'data.txt': Buffer.from([0x61, 0x00, 0x62]),
      'late-nul.txt': Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]),
      'big.js': 'x'.repeat(2000),
      'small.js': 'x'.repeat(100),
    });
    const index = await buildProjectIndex(root, { cache: false, maxFileSizeBytes: 1000 });
    expect(index.skipped.binary).toBe(2);
    expect(index.skipped.tooLarge).toBe(2); // big.js and late-nul.txt (9001 bytes)
    expect(paths(index)).toEqual(['small.js']);
    // A NUL after the first 8 KiB does not make a file binary (but the size limit does).
    const roomy = await buildProjectIndex(root, { cache: false, maxFileSizeBytes: 100_000 });
    expect(paths(roomy)).toEqual(['big.js', 'late-nul.txt', 'small.js']);
  });

  it('counts an unreadable file and carries on (needs a non-root user)', async (context) => {
    const root = await tree({ 'a.ts': 'a', 'locked.ts': 'secret' });
    await chmod(join(root, 'locked.ts'), 0o000);
    const readableAnyway = await readFile(join(root, 'locked.ts')).then(
      () => true,
      () => false,
    );
    if (readableAnyway) {
      context.skip(
        'running as root: chmod 000 does not stop reads (walk-unreadable.test.ts injects EACCES instead)',
      );
    }
    const index = await buildProjectIndex(root, { cache: false });
    expect(paths(index)).toEqual(['a.ts']);
    expect(index.skipped.unreadable).toBe(1);
  });
});

describe('buildProjectIndex: what is recorded', () => {
  it('detects languages, counts non-blank lines, hashes content', async () => {
    const ts = 'export const a = 1;\n\n   \nexport const b = 2;\r\n';
    const root = await tree({
      'src/a.ts': ts,
      'src/b.tsx': 'x\n',
      'src/types.d.ts': 'declare const x: number;\n',
      'src/c.mjs': 'a\nb\nc',
      'src/d.cjs': '\n\n',
      'pkg/m.py': 'def f():\n\n    return 1\n',
      'pkg/m.pyi': 'def f() -> int: ...\n',
      'README.md': '# Title\n\ntext\n',
    });
    const index = await buildProjectIndex(root, { cache: false });
    expect(index.languages).toEqual({
      typescript: { files: 3, loc: 4 },
      javascript: { files: 2, loc: 3 },
      python: { files: 2, loc: 3 },
    });
    const readme = index.files.find((file) => file.path === 'README.md');
    expect(readme).toMatchObject({ language: null, loc: 2, size: 14 });
    const a = index.files.find((file) => file.path === 'src/a.ts');
    expect(a?.hash).toBe(sha256(ts));
    expect(a?.absolutePath).toBe(join(index.root, 'src/a.ts'));
    expect(index.byLanguage('python').map((file) => file.path)).toEqual(['pkg/m.py', 'pkg/m.pyi']);
    expect(await index.read('src/a.ts')).toBe(ts);
    expect(await index.read(join(index.root, 'src/a.ts'))).toBe(ts);
    await expect(index.read('nope.ts')).rejects.toThrow(UserError);

    const again = await buildProjectIndex(root, { cache: false });
    expect(again.files.map((file) => file.hash)).toEqual(index.files.map((file) => file.hash));
  });

  it('reads a file evicted from the memo again, and refuses a file changed since indexing', async () => {
    const root = await tree({ 'a.js': 'aaaa\n', 'b.js': 'bbbb\n' });
    const index = await buildProjectIndex(root, { cache: false, textMemoChars: 5 });
    expect(await index.read('a.js')).toBe('aaaa\n');
    expect(await index.read('b.js')).toBe('bbbb\n');
    await writeFile(join(root, 'a.js'), 'changed\n');
    await expect(index.read('a.js')).rejects.toThrow(/changed during the run/);
  });

  it('rejects a missing root, a file as root; indexes an empty directory as empty', async () => {
    const root = await tree({ 'file.txt': 'x' });
    await expect(buildProjectIndex(join(root, 'missing'))).rejects.toThrow(UserError);
    await expect(buildProjectIndex(join(root, 'missing'))).rejects.toThrow(/does not exist: .*missing$/);
    await expect(buildProjectIndex(join(root, 'file.txt'))).rejects.toThrow(/not a directory: .*file\.txt$/);
    await mkdir(join(root, 'empty'));
    const empty = await buildProjectIndex(join(root, 'empty'), { cache: false });
    expect(empty.files).toEqual([]);
    expect(empty.languages).toEqual({});
  });

  it('stops when the signal is aborted', async () => {
    const root = await tree({ 'a.ts': 'a' });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(buildProjectIndex(root, { signal: controller.signal })).rejects.toThrow('stop');
  });
});
