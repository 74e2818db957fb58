import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../../project/index.js';
import { lintJsFiles } from './eslint-lint.js';
import { securityAnalyzer } from './index.js';
import { pythonRuleFindings } from './python-rules.js';

const temp = mkdtempSync(path.join(os.tmpdir(), 'empathy-flow-policy-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const at = (list: { line: number; rule: string; severity: string }[]) =>
  list.map((f) => `${f.line}:${f.rule}:${f.severity}`);

function project(name: string, files: Record<string, string>): string {
  const root = path.join(temp, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('which flows are critical', () => {
  it('JS: command-line data and exported parameters spliced into a command are critical; passed whole they keep the rule severity', async () => {
    const text = [
      "import { exec, execSync } from 'node:child_process';",
      "export function archive(name) { return exec('tar czf out.tgz ' + name); }",
      'export function run(command) { return execSync(command); }',
      'const target = process.argv[2];',
      'execSync(`rm -rf ${target}`);',
      'function helper(code) { return eval(code); }',
      "helper('(' + process.env.EXPR + ')');",
      '',
    ].join('\n');
    const out = await lintJsFiles(temp, [{ path: 'cli.js', text }], 'PREMIUM');
    // line 3 passes the caller's command whole: the rule's severity (no rule reports a destructured execSync)
    expect(at(out.findings)).toEqual([
      '2:taint/command-injection:critical',
      '5:taint/command-injection:critical',
      '6:taint/code-injection:critical',
    ]);
    const viaCall = out.findings.find((f) => f.line === 6)!;
    expect(viaCall.flow?.map((s) => `${s.line} ${s.label}`)).toEqual([
      '7 source: process.env',
      '7 argument 1 of helper()',
      '6 sink: eval',
    ]);
  });

  it('Python: sys.argv and input() spliced into a command are critical; a sanitised value is not', async () => {
    const source = [
      'import os, shlex, subprocess, sys',
      'def _main():',
      '    os.system("ls " + sys.argv[1])',
      '    subprocess.run("echo " + shlex.quote(input()), shell=True)',
      '    os.system(os.environ["CMD"])',
      '',
    ].join('\n');
    const r = await pythonRuleFindings('tool.py', source);
    expect(at(r.findings)).toEqual([
      '4:python/subprocess-shell:high',
      '5:python/os-system:high',
      '3:taint/command-injection:critical',
    ]);
  });
});

describe('test code, suppressions and baselines', () => {
  it('caps test code at high, honours reasoned suppressions, flags reasonless ones, and applies a baseline keyed by line text', async () => {
    // Built from pieces so that this test file holds no suppression comment of its own.
    const ignore = `// empathy-${'ignore'}`;
    const handler = (extra: string) => `export const h = (req) => {\n  ${extra}eval(req.query.a);\n};\n`;
    const root = project('suppress', {
      'test/helpers.js': handler(''),
      'src/ignored.js': handler(
        `${ignore} taint/code-injection -- sandboxed expression evaluator, reviewed\n  `,
      ),
      'src/no-reason.js': handler(`${ignore} taint/code-injection\n  `),
      'src/accepted.js': handler(''),
    });
    const index = await buildProjectIndex(root, { cache: false });
    const baselineFile = path.join(temp, 'baseline.json');
    const first = await securityAnalyzer.analyze(index, {
      tier: 'CAPABLE',
      baselineFile,
      writeBaseline: true,
    });
    expect(first.figures.baseline).toMatchObject({ file: baselineFile, written: true });
    const written = JSON.parse(readFileSync(baselineFile, 'utf8')) as { findings: { file: string }[] };
    // Keep only the accepted file in the baseline, then move its line: the key is the line's text.
    writeFileSync(
      baselineFile,
      JSON.stringify({
        schema_version: 1,
        findings: written.findings.filter((e) => e.file === 'src/accepted.js'),
      }),
    );
    writeFileSync(path.join(root, 'src/accepted.js'), `// moved\n\n${handler('')}`);
    const index2 = await buildProjectIndex(root, { cache: false });
    const r = await securityAnalyzer.analyze(index2, { tier: 'CAPABLE', baselineFile });
    expect(r.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.severity}`).sort()).toEqual([
      'src/no-reason.js:2:empathy/suppression-without-reason:medium',
      'src/no-reason.js:3:taint/code-injection:critical',
      'test/helpers.js:2:taint/code-injection:high',
    ]);
    expect(r.figures.suppressed_issues).toBe(2);
    expect(r.figures.suppressed_findings?.map((s) => `${s.file}:${s.by}`).sort()).toEqual([
      'src/accepted.js:baseline',
      'src/ignored.js:inline',
    ]);
    expect(r.figures.critical_issues).toBe(1);
    expect(r.figures.warnings).toContainEqual(
      expect.stringMatching(
        /^2 security finding\(s\) suppressed, not counted \(1 by empathy-ignore comments, 1 by the baseline /,
      ),
    );
  });
});

describe('credentials', () => {
  it('documented examples and account numbers are not critical; a private key that parses is, even in test fixtures', async () => {
    const piece = (...p: string[]) => p.join('');
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const root = project('creds', {
      'docs/aws.md': `aws_access_key_id = ${piece('AKIA', 'IOSFODNN7', 'EXAMPLE')}\naws_secret_access_key = ${piece('wJalrXUtnFEMI/', 'K7MDENG/bPxRfiCY', 'EXAMPLEKEY')}\n`,
      'tests/test_arn.py': `ARN = "arn:aws:iam::${piece('1234', '5678', '9012')}:role/x"\n`,
      'test/fixtures/keys/server.pem': pem,
    });
    const index = await buildProjectIndex(root, { cache: false });
    const r = await securityAnalyzer.analyze(index, { tier: 'CHEAP' });
    const bySeverity = (s: string) => r.findings.filter((f) => f.severity === s).map((f) => f.file);
    expect(bySeverity('critical')).toEqual(['test/fixtures/keys/server.pem']);
    expect(r.findings.filter((f) => f.file === 'docs/aws.md').every((f) => f.severity === 'info')).toBe(true);
    expect(r.figures.critical_issues).toBe(1);
  });
});
