/**
 * Symbolic links out of the repository (issue 12): nothing outside the root is read by any
 * tool, so a canary string in files outside the repository appears nowhere in the JSON report
 * and nowhere in the requests sent to the model. The hostile repository links a TypeScript
 * file into `src/` (tsc used to check it: its text reached the model in a diagnostic), a text
 * file with a secret, a directory, and a Python file with a pyright config that makes pyright
 * discover files itself. It is built in a temporary directory at test time.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRuntime } from '../../src/providers/runtime.js';
import { FAKE_GITHUB_TOKEN } from '../../src/providers/fake-secrets.test-helper.js';
import { LoopbackServer } from '../../src/testing/loopback-server.js';
import { OrchestratedReleasePrepWorkflow } from '../../src/workflows/release-prep/release-prep.js';
import type { ReleaseReadinessReport } from '../../src/workflows/release-prep/report.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const canary = (kind: string) => `CANARY_${kind}_${randomBytes(8).toString('hex')}`;
const CANARIES = { ts: canary('TS'), txt: canary('TXT'), py: canary('PY'), dir: canary('DIR') };
const NOTES = JSON.stringify({ findings: [], recommendations: ['none'], confidence: 0.5 });

let base: string;
let root: string;
let server: LoopbackServer;
let report: ReleaseReadinessReport;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'empathy-symlink-'));
  const outside = path.join(base, 'outside');
  root = path.join(base, 'repo');
  write(path.join(outside, 'leak.ts'), `export const leaked: number = ${CANARIES.ts};\n`);
  write(path.join(outside, 'notes.txt'), `${CANARIES.txt}\ntoken: ${FAKE_GITHUB_TOKEN}\n`);
  write(path.join(outside, 'leak.py'), `x: int = ${CANARIES.py}\n`);
  write(
    path.join(outside, 'dir', 'inner.js'),
    `export function run(x) { return eval(x + ${CANARIES.dir}); }\n`,
  );
  write(path.join(root, 'package.json'), JSON.stringify({ name: 'hostile', version: '1.0.0' }));
  write(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
  );
  write(path.join(root, 'src', 'index.ts'), '/** The answer. */\nexport const answer: number = 42;\n');
  write(
    path.join(root, 'pkg', 'ok.py'),
    '"""A module."""\n\n\ndef ok() -> int:\n    """One."""\n    return 1\n',
  );
  write(path.join(root, 'pyrightconfig.json'), '{}');
  symlinkSync(path.join(outside, 'leak.ts'), path.join(root, 'src', 'leak.ts'));
  symlinkSync(path.join(outside, 'notes.txt'), path.join(root, 'src', 'notes.txt'));
  symlinkSync(path.join(outside, 'dir'), path.join(root, 'src', 'linked'));
  symlinkSync(path.join(outside, 'leak.py'), path.join(root, 'pkg', 'leak.py'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: root });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'links out');

  server = await LoopbackServer.start({ defaultText: NOTES });
  const runtime = createModelRuntime(
    { provider: { name: 'anthropic', baseURL: server.baseURL } },
    {},
    { ANTHROPIC_API_KEY: 'test-key-not-real' },
  );
  const envPath = `${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env['PATH'] ?? ''}`;
  report = await new OrchestratedReleasePrepWorkflow({
    agentIds: ['security_auditor', 'code_reviewer', 'documentation_writer'],
    tiers: { security_auditor: 'CAPABLE', code_reviewer: 'PREMIUM', documentation_writer: 'CHEAP' },
    cache: false,
    learn: false,
    modelRuntime: runtime,
    analyzerOptions: { quality: { envPath } },
  }).execute({ path: root });
});

afterAll(async () => {
  await server?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('links out of the repository', () => {
  it('the run really measured the repository and talked to the model', () => {
    const quality = report.agentResults.find((r) => r.agentId === 'code_reviewer')!;
    const figures = quality.output['figures'] as {
      type_errors: number | null;
      components: { detail: string }[];
    };
    expect(figures.type_errors).toBe(0); // tsc and pyright both ran, on the indexed files only
    expect(JSON.stringify(figures.components)).toContain('the tree has links out of the root');
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it('no canary string appears in the JSON report', () => {
    const json = JSON.stringify(report.toJSON());
    for (const value of Object.values(CANARIES)) expect(json).not.toContain(value);
    expect(json).not.toContain(FAKE_GITHUB_TOKEN);
  });

  it('no canary string appears in any request sent to the model', () => {
    const bodies = server.requests.map((r) => r.body).join('\n');
    for (const value of Object.values(CANARIES)) expect(bodies).not.toContain(value);
  });

  it('the secret scan lists the links it did not follow and finds no secret through them', () => {
    const security = report.agentResults.find((r) => r.agentId === 'security_auditor')!;
    const figures = security.output['figures'] as {
      critical_issues: number;
      secret_scan: { symlinks_not_followed: string[] };
    };
    expect(figures.critical_issues).toBe(0);
    expect(figures.secret_scan.symlinks_not_followed).toEqual([
      'pkg/leak.py',
      'src/leak.ts',
      'src/linked',
      'src/notes.txt',
    ]);
  });
});

describe('a tsconfig.json that is a link out of the repository', () => {
  it('is not read: type errors not measured, the canary of its include nowhere in the report', async () => {
    const { qualityAnalyzer } = await import('../../src/analysis/quality/index.js');
    const { buildProjectIndex } = await import('../../src/project/index.js');
    const dir = path.join(base, 'tsconfig-link');
    const secret = canary('TSCONFIG');
    write(path.join(dir, 'outside', 'tsconfig.json'), JSON.stringify({ include: [secret] }));
    write(path.join(dir, 'repo', 'src', 'a.ts'), 'export const a: number = 1;\n');
    symlinkSync(path.join(dir, 'outside', 'tsconfig.json'), path.join(dir, 'repo', 'tsconfig.json'));
    const quality = await qualityAnalyzer.analyze(
      await buildProjectIndex(path.join(dir, 'repo'), { cache: false }),
      {
        tier: 'PREMIUM',
        envPath: '',
      },
    );
    expect(quality.notMeasured[0]?.reason).toContain(
      'tsconfig.json is a symbolic link out of the repository',
    );
    expect(JSON.stringify(quality)).not.toContain(secret);
  });
});

describe('a pyrightconfig.json that is a link out of the repository', () => {
  it('is not read by us or by the checker: type errors not measured, the canary nowhere', async () => {
    const { qualityAnalyzer } = await import('../../src/analysis/quality/index.js');
    const { buildProjectIndex } = await import('../../src/project/index.js');
    const dir = path.join(base, 'pyright-link');
    const secret = canary('PYRIGHTCONFIG');
    write(path.join(dir, 'outside', 'pyrightconfig.json'), `{ "include": ["${secret}"`);
    write(path.join(dir, 'repo', 'pkg', 'a.py'), 'A = 1\n');
    symlinkSync(
      path.join(dir, 'outside', 'pyrightconfig.json'),
      path.join(dir, 'repo', 'pyrightconfig.json'),
    );
    const envPath = `${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env['PATH'] ?? ''}`;
    const quality = await qualityAnalyzer.analyze(
      await buildProjectIndex(path.join(dir, 'repo'), { cache: false }),
      { tier: 'PREMIUM', envPath },
    );
    expect(quality.notMeasured[0]?.reason).toContain(
      'pyrightconfig.json is a symbolic link out of the repository',
    );
    expect(JSON.stringify(quality)).not.toContain(secret);
  });
});
