import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../project/index.js';
import { useTempDirs } from '../core/temp-dir.test-helper.js';
import { runCommand } from '../core/run-command.js';
import { applyFixes, proposeFixes, unifiedDiff, verifyFixes } from './index.js';

const FIXTURE = path.resolve('test/fixtures/fix-planted');
const makeTempDir = useTempDirs('empathy-fixer-');

function copyFixture(): string {
  const dir = path.join(makeTempDir(), 'project');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('code fixer on planted problems', () => {
  it('proposes the ESLint fixes and the unused-import removals, one per file', async () => {
    const index = await buildProjectIndex(FIXTURE, { cache: false });
    const fixes = await proposeFixes(index, 'CAPABLE');
    expect(fixes.map((f) => f.file).sort()).toEqual([
      'src/configured.js',
      'src/index.js',
      'tools/load_config.py',
    ]);
    const main = fixes.find((f) => f.file === 'src/index.js')!;
    expect(main.fixes).toEqual(
      expect.arrayContaining([
        { rule: 'no-extra-boolean-cast', count: 1 },
        { rule: 'empathy-fix/unused-imports', count: 1 },
      ]),
    );
    expect(main.after).toContain('if (value) return true;');
    expect(main.after).not.toContain('readFileSync');
    expect(main.after).toContain("import path from 'node:path';");
  });

  it('keeps the fixes that pass the tests and rejects the one that breaks a test, naming it', async () => {
    const index = await buildProjectIndex(FIXTURE, { cache: false });
    const fixes = await proposeFixes(index, 'CAPABLE');
    const verdict = await verifyFixes(index, fixes, {
      tier: 'CAPABLE',
      testTimeoutMs: 120_000,
      signal: new AbortController().signal,
    });
    expect(verdict.kept.map((f) => f.file).sort()).toEqual(['src/index.js', 'tools/load_config.py']);
    expect(verdict.rejected).toHaveLength(1);
    expect(verdict.rejected[0]).toMatchObject({ reason: 'tests_fail' });
    expect(verdict.rejected[0]!.fix.file).toBe('src/configured.js');
    expect(verdict.rejected[0]!.detail).toContain('setup ran');
    expect(verdict.testCommand).toContain('node --test');
    // The project itself is never changed by verification.
    expect(readFileSync(path.join(FIXTURE, 'src/configured.js'), 'utf8')).toContain(
      "import setup from './setup.js';",
    );
  }, 300_000);

  it('writes a patch that git apply accepts, and applies it only to a clean git tree', async () => {
    const dir = copyFixture();
    const index = await buildProjectIndex(dir, { cache: false });
    const fixes = (await proposeFixes(index, 'CAPABLE')).filter((f) => f.file === 'src/index.js');
    const patch = unifiedDiff(fixes);
    expect(patch).toMatch(
      /^diff --git a\/src\/index.js b\/src\/index.js\n--- a\/src\/index.js\n\+\+\+ b\/src\/index.js\n@@/,
    );
    await runCommand('git', ['init', '-q'], { cwd: dir });
    await runCommand('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '-A'], { cwd: dir });
    await runCommand('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'x'], {
      cwd: dir,
    });
    writeFileSync(path.join(dir, 'fixes.patch'), patch);
    const check = await runCommand('git', ['apply', '--check', 'fixes.patch'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(0);
    // Untracked fixes.patch makes the tree unclean: refused, nothing written.
    await expect(applyFixes(dir, fixes)).rejects.toThrow(/clean working tree/);
    expect(readFileSync(path.join(dir, 'src/index.js'), 'utf8')).toContain('readFileSync');
    await runCommand('rm', ['fixes.patch'], { cwd: dir });
    expect(await applyFixes(dir, fixes)).toEqual(['src/index.js']);
    expect(readFileSync(path.join(dir, 'src/index.js'), 'utf8')).toBe(fixes[0]!.after);
  });

  it('refuses --apply outside a git working tree', async () => {
    const dir = copyFixture();
    const index = await buildProjectIndex(dir, { cache: false });
    const fixes = await proposeFixes(index, 'CAPABLE');
    await expect(applyFixes(dir, fixes)).rejects.toThrow(/git working tree/);
  });
});
