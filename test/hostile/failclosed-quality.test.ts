/**
 * Fail closed on code that does not parse (issue 12). One syntax error used to hide every
 * finding of its file: a project with 1,200 lint warnings scored FAIL, the same project with
 * a syntax error at the end of that file scored PASS 9.9x with HIGH confidence. Now the file
 * is listed as not measured, and when it holds more than 5 % of the code the score itself is
 * not measured (the gate fails with the reason and the files).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityAnalyzer } from '../../src/analysis/quality/index.js';
import { buildProjectIndex } from '../../src/project/index.js';
import { reportToOutput } from '../../src/workflows/analysis-means.js';
import { evaluateGate, RELEASE_GATES } from '../../src/workflows/release-prep/gates.js';
import { verdictConfidence } from '../../src/workflows/release-prep/confidence.js';
import type { AgentResult } from '../../src/types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** 400 functions with 3 baseline warnings each (no-empty, no-useless-catch, no-unused-vars). */
function warningsFile(): string {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++)
    lines.push(`export function f${i}(a) { const u${i} = 1; if (a) {} try { a(); } catch (e) { throw e; } }`);
  return lines.join('\n') + '\n';
}

function cleanFile(functions: number): string {
  const lines: string[] = [];
  for (let i = 0; i < functions; i++) lines.push(`export function g${i}(a) {`, `  return a + ${i};`, '}');
  return lines.join('\n') + '\n';
}

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'empathy-failclosed-quality-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

async function analyse(root: string) {
  const report = await qualityAnalyzer.analyze(await buildProjectIndex(root, { cache: false }), {
    tier: 'CAPABLE',
  });
  const result = {
    agentId: 'code_reviewer',
    success: true,
    output: reportToOutput(report),
  } as unknown as AgentResult;
  const gateDef = RELEASE_GATES.find((g) => g.agentId === 'code_reviewer')!;
  const gate = evaluateGate(gateDef, gateDef.defaultThreshold, [result]);
  return { report, gate, confidence: verdictConfidence([gate], [result]) };
}

describe('quality fails closed on files that do not parse', () => {
  it('the project with 1,200 warnings fails the gate', async () => {
    const { report, gate, confidence } = await analyse(
      repo({ 'src/app.js': warningsFile(), 'src/util.js': cleanFile(5) }),
    );
    expect(report.figures.lint_warnings).toBe(1200);
    expect(report.figures.quality_score).toBeLessThan(7);
    expect(gate.passed).toBe(false);
    expect(confidence.level).toBe('HIGH');
  });

  it('one syntax error in that file no longer turns FAIL into PASS: quality not measured, files listed', async () => {
    const { report, gate, confidence } = await analyse(
      repo({ 'src/app.js': warningsFile() + 'export const broken = ;\n', 'src/util.js': cleanFile(5) }),
    );
    expect(report.figures.quality_score).toBeNull();
    expect(report.figures.files_not_parsed).toEqual(['src/app.js']);
    expect(report.figures.loc_not_parsed).toBe(401);
    expect(gate.passed).toBe(false);
    expect(gate.actual).toBeNull();
    expect(gate.message).toContain('src/app.js');
    expect(gate.message).toMatch(/do not parse \(more than 5 %\)/);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ file: 'src/app.js', line: 401, rule: 'parse-error' }),
    );
    expect(confidence.level).toBe('LOW');
  });

  it('a small file that does not parse (under 5 % of the lines) is listed and makes confidence MEDIUM', async () => {
    const { report, gate, confidence } = await analyse(
      repo({ 'src/util.js': cleanFile(200), 'src/broken.js': 'export const x = ;\n' }),
    );
    expect(report.figures.quality_score).toBe(10);
    expect(report.figures.files_not_parsed).toEqual(['src/broken.js']);
    expect(report.figures.debt_ratio_pct).toBe(0); // its parse error costs no minutes, its line leaves the denominator
    expect(gate.passed).toBe(true);
    expect(report.notMeasured.map((n) => n.what)).toEqual(['quality of 1 file(s) that do not parse']);
    expect(confidence.level).toBe('MEDIUM');
    expect(confidence.reasons.join(' ')).toContain('src/broken.js');
  });

  it('Python files that do not parse count the same way', async () => {
    const { report } = await analyse(
      repo({ 'pkg/a.py': 'def broken(:\n    pass\n'.repeat(10), 'pkg/b.py': 'def ok():\n    return 1\n' }),
    );
    expect(report.figures.files_not_parsed).toEqual(['pkg/a.py']);
    expect(report.figures.quality_score).toBeNull();
  });
});
