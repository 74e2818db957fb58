/**
 * Fail closed on what the secret scan skips (issue 12). Files the index leaves out (build
 * output, vendored code, minified bundles, files over 1 MiB, gitignored but tracked) used to
 * be scanned for nothing, silently, with HIGH confidence. Each hostile repository is built in a
 * temporary directory at test time; secrets are assembled at run time (fake-secrets.ts).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityAnalyzer } from '../../src/analysis/security/index.js';
import type { SecurityFigures } from '../../src/analysis/security/types.js';
import type { AnalysisReport } from '../../src/analysis/types.js';
import { buildProjectIndex } from '../../src/project/index.js';
import { FAKE_GITHUB_TOKEN } from '../../src/providers/fake-secrets.test-helper.js';
import type { AgentResult } from '../../src/types.js';
import { reportToOutput } from '../../src/workflows/analysis-means.js';
import { verdictConfidence } from '../../src/workflows/release-prep/confidence.js';
import { evaluateGate, RELEASE_GATES } from '../../src/workflows/release-prep/gates.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const leak = `const token = "${FAKE_GITHUB_TOKEN}";\n`;

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'empathy-failclosed-secrets-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd: root,
    stdio: 'pipe',
  });

async function audit(root: string, exclude: string[] = []) {
  const report = await securityAnalyzer.analyze(await buildProjectIndex(root, { cache: false, exclude }), {
    tier: 'CHEAP',
  });
  const result = { agentId: 'security_auditor', success: true, output: reportToOutput(report) };
  const gateDef = RELEASE_GATES.find((g) => g.agentId === 'security_auditor')!;
  const gate = evaluateGate(gateDef, 0, [result as unknown as AgentResult]);
  return { report, confidence: verdictConfidence([gate], [result as unknown as AgentResult]) };
}

const secretFiles = (report: AnalysisReport<SecurityFigures>, severity = 'critical') =>
  [
    ...new Set(
      report.findings.filter((f) => f.tool === 'secretlint' && f.severity === severity).map((f) => f.file),
    ),
  ].sort();

/** A text file over 1 MiB with the token on its last line. */
const largeText = 'x = 1  # filler line of a large generated file\n'.repeat(25_000) + leak;

describe('the secret scan covers every file git tracks or leaves untracked-but-unignored', () => {
  let root: string;
  let result: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    root = tree({
      'src/index.js': 'export const answer = 42;\n',
      'dist/bundle.js': leak,
      'vendor/lib/creds.js': leak,
      'public/app.min.js': leak,
      'data/large.txt': largeText,
      'notes/ignored.txt': leak,
      'assets/logo.png': leak, // a binary extension, text inside
      'assets/real.bin': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]),
      'untracked.env.example': leak, // untracked, not ignored
      '.gitignore': 'notes/\n',
    });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'add', '-f', 'notes/ignored.txt'); // gitignored but tracked
    git(root, 'rm', '-q', '--cached', 'untracked.env.example');
    git(root, 'commit', '-q', '-m', 'hostile');
    result = await audit(root);
  });

  it('finds the secret in dist/, vendor/, a *.min.js, a large file, a gitignored-but-tracked file and an untracked one', () => {
    expect(secretFiles(result.report)).toEqual([
      'assets/logo.png',
      'data/large.txt',
      'dist/bundle.js',
      'notes/ignored.txt',
      'public/app.min.js',
      'untracked.env.example',
      'vendor/lib/creds.js',
    ]);
    expect(result.report.figures.critical_issues).toBe(7);
    const large = result.report.findings.find((f) => f.file === 'data/large.txt');
    expect(large?.line).toBe(25_001);
    expect(large?.message).toContain('larger than the index limit');
    expect(result.report.findings.find((f) => f.file === 'dist/bundle.js')?.message).toContain(
      'excluded by default (dist/)',
    );
  });

  it('lists real binaries (NUL byte) instead of skipping them silently', () => {
    const scan = result.report.figures.secret_scan;
    expect(scan.source).toBe('git');
    expect(scan.binary_files).toEqual(['assets/real.bin']);
    // the untracked file and the gitignored-but-tracked one are indexed (git's rule: ignore rules apply to
    // untracked files only): scanned through the index
    expect(scan.files_outside_index).toBe(5);
    expect(result.report.notMeasured).toEqual([]);
  });
});

describe('what the secret scan cannot read is listed and makes confidence MEDIUM', () => {
  it('a special file tracked by git (replaced by a FIFO in the work tree)', async () => {
    const root = tree({ 'src/a.js': 'export const a = 1;\n', 'config/keys.txt': 'none yet\n' });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'x');
    rmSync(path.join(root, 'config/keys.txt'));
    execFileSync('mkfifo', [path.join(root, 'config/keys.txt')]);
    const { report, confidence } = await audit(root);
    expect(report.figures.secret_scan.not_scanned).toEqual([
      { file: 'config/keys.txt', reason: 'special file (FIFO, socket or device)' },
    ]);
    expect(report.notMeasured.map((n) => n.what)).toEqual(['secrets in 1 file(s) that could not be read']);
    expect(report.figures.critical_issues).toBe(0);
    expect(confidence.level).toBe('MEDIUM');
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission (not a git work tree)', async () => {
    const root = tree({ 'src/a.js': 'export const a = 1;\n', 'secret.txt': leak });
    chmodSync(path.join(root, 'secret.txt'), 0o000);
    const { report, confidence } = await audit(root);
    expect(report.figures.secret_scan.not_scanned.map((n) => n.file)).toEqual(['secret.txt']);
    expect(confidence.level).toBe('MEDIUM');
  });

  it('without git, the walk covers default-excluded folders too (and lists a FIFO)', async () => {
    const root = tree({
      'src/a.js': 'export const a = 1;\n',
      'build/out.js': leak,
      'node_modules/x/i.js': leak,
    });
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const { report, confidence } = await audit(root);
    expect(report.figures.secret_scan.source).toBe('walk');
    expect(secretFiles(report)).toEqual(['build/out.js']); // installed dependencies are not the project's
    expect(report.figures.secret_scan.not_scanned.map((n) => n.file)).toEqual(['pipe']);
    expect(confidence.level).toBe('MEDIUM');
  });
});

describe('a root that git ignores inside a larger work tree', () => {
  it('is walked instead (git lists nothing there)', async () => {
    const outer = tree({
      '.gitignore': 'corpus/\n',
      'corpus/src/a.js': 'export const a = 1;\n',
      'corpus/dist/x.js': leak,
    });
    git(outer, 'init', '-q');
    const { report } = await audit(path.join(outer, 'corpus'));
    expect(report.figures.secret_scan.source).toBe('walk');
    expect(secretFiles(report)).toEqual(['dist/x.js']);
  });
});

describe("the user's exclude globs", () => {
  it('a secret in a user-excluded folder is still reported, as high, with where it came from', async () => {
    const root = tree({ 'src/a.js': 'export const a = 1;\n', 'fixtures/app/.env': leak });
    const { report } = await audit(root, ['fixtures/**']);
    expect(report.figures.critical_issues).toBe(0);
    expect(secretFiles(report, 'high')).toEqual(['fixtures/app/.env']);
    expect(report.findings[0]?.message).toContain('excluded by your exclude globs');
    expect(report.figures.secret_scan.findings_in_excluded_files).toBe(1);
    expect(report.figures.warnings.join('\n')).toContain('fixtures/app/.env');
  });
});
