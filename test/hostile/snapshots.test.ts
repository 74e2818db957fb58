/**
 * Never write into the repository unless asked: release-prep and `test-coverage --dry-run` on
 * repositories whose tests have inline and file snapshots not yet written (vitest and jest) leave
 * `git status` clean, with bubblewrap (the repository is read-only) and without it (test runs
 * get CI=true, jest `--ci`: snapshots are compared, never written).
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../src/core/optional-programs.test-helper.js';
import { configureSandbox, probeBubblewrap, type SandboxMode } from '../../src/core/sandbox/index.js';
import { OrchestratedReleasePrepWorkflow } from '../../src/workflows/release-prep/release-prep.js';
import { TestCoverageBoostWorkflow } from '../../src/workflows/test-coverage/index.js';

const OWN_NODE_MODULES = path.resolve(import.meta.dirname, '../../node_modules');
const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'empathy-hostile-snapshots-')));
for (const name of ['XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME'])
  process.env[name] = path.join(root, name.toLowerCase());
afterAll(() => rmSync(root, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );

function repo(name: string, runner: 'vitest' | 'jest'): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  mkdirSync(path.join(dir, 'test'));
  const esm = runner === 'vitest';
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      ...(esm ? { type: 'module' } : {}),
      scripts: { test: runner === 'vitest' ? 'vitest run' : 'jest' },
    }),
  );
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  const src =
    '/** Adds. */\nfunction add(a, b) {\n  return a + b;\n}\n/** Half. */\nfunction half(n) {\n  if (n < 0) return 0;\n  return n / 2;\n}\n';
  writeFileSync(
    path.join(dir, 'src', 'math.js'),
    esm ? `${src}export { add, half };\n` : `${src}module.exports = { add, half };\n`,
  );
  const head = esm
    ? "import { expect, test } from 'vitest';\nimport { add } from '../src/math.js';\n"
    : "const { add } = require('../src/math.js');\n";
  writeFileSync(
    path.join(dir, 'test', 'math.test.js'),
    `${head}test('inline', () => { expect(add(1, 2)).toMatchInlineSnapshot(); });\ntest('file', () => { expect({ sum: add(2, 2) }).toMatchSnapshot(); });\n`,
  );
  // vitest bundles a TypeScript config into node_modules/.vite-temp: it must work on a read-only repository.
  if (runner === 'vitest')
    writeFileSync(
      path.join(dir, 'vitest.config.ts'),
      "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['test/**/*.test.js'] } });\n",
    );
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(OWN_NODE_MODULES))
    symlinkSync(path.join(OWN_NODE_MODULES, entry), path.join(dir, 'node_modules', entry));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

const probe = await probeBubblewrap();
const cases: { mode: SandboxMode; runner: 'vitest' | 'jest' }[] = [
  { mode: 'off', runner: 'vitest' },
  { mode: 'off', runner: 'jest' },
  { mode: 'auto', runner: 'vitest' },
  { mode: 'auto', runner: 'jest' },
];

describe('snapshots are never written into the analysed repository', () => {
  for (const { mode, runner } of cases) {
    const skip = mode === 'auto' && !probe.path;
    const title = `${runner}, ${mode === 'off' ? 'without bubblewrap' : 'with bubblewrap'}: release-prep and test-coverage --dry-run leave git status clean${skipNote(skip, 'bwrap', 'a working bubblewrap', probe.problem ?? undefined)}`;
    it.skipIf(skip)(
      title,
      async () => {
        const dir = repo(`snap-${runner}-${mode}`, runner);
        const previous = configureSandbox({ mode });
        try {
          const report = await new OrchestratedReleasePrepWorkflow({
            agentIds: ['test_coverage_analyzer'],
            cache: false,
            learn: false,
          }).execute({ path: dir });
          // Measured: the tests ran (and failed on the snapshots they may not write).
          const gate = report.qualityGates.find((g) => g.name === 'Test Coverage');
          expect(gate?.actual, JSON.stringify(report.toJSON()).slice(0, 2000)).toBeTypeOf('number');
          expect(JSON.stringify(report.toJSON())).toMatch(/some tests failed/);
          expect(git(dir, 'status', '--porcelain', '--ignored=no')).toBe('');
          await new TestCoverageBoostWorkflow({
            targetCoverage: 100,
            projectRoot: dir,
            dryRun: true,
            savePatterns: false,
            maxTimeSeconds: 60,
          }).execute({});
          expect(git(dir, 'status', '--porcelain', '--ignored=no')).toBe('');
        } finally {
          configureSandbox(previous);
        }
      },
      180_000,
    );
  }
});
