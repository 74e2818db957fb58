import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OrchestratedReleasePrepWorkflow } from '../release-prep/release-prep.js';
import { agentResult } from '../report/fixture-reports.test-helper.js';
import type { ChangedLines } from './changed-lines.js';
import { newCodeFigures } from './figures.js';
import { evaluateNewCodeGates, resolveNewCodeThresholds } from './gates.js';
import { getTemplate } from '../../orchestration/index.js';
import { besideRepo, FIXTURES_DIR, git, gitRepoFrom, removeGitRepos } from './test-repo.test-helper.js';
import { lineRanges, newCodeLines } from './lines.js';
import { releaseReportValidator } from '../report/validators.test-helper.js';

afterAll(removeGitRepos);

const LCOV = path.join(FIXTURES_DIR, 'cov-reports/js-lib.node-test.lcov.info');

function changes(files: Record<string, number[]>): ChangedLines {
  return { base: { ref: 'main', source: '--base' }, mergeBase: 'f'.repeat(40), files: new Map(Object.entries(files)) };
}

const allAgents = ['security_auditor', 'test_coverage_analyzer', 'code_reviewer'].map((id) => getTemplate(id));

describe('gates on new code, on js-lib in git with its lcov report', () => {
  it('measures coverage of the changed executable lines (1 of 2) and gates it; README lines are not executable', async () => {
    const repo = gitRepoFrom('js-lib');
    git(repo, 'checkout', '-q', '-b', 'feature');
    const queue = path.join(repo, 'lib/queue.js');
    const lines = readFileSync(queue, 'utf8').split('\n');
    lines[13] = '      return false; // full'; // line 14: uncovered in the report
    lines[15] = '    this.items.push(item); // add'; // line 16: covered
    lines[14] = '    }'; // line 15 unchanged text: not a change
    writeFileSync(queue, lines.join('\n'));
    writeFileSync(path.join(repo, 'README.md'), readFileSync(path.join(repo, 'README.md'), 'utf8') + 'More words.\n');
    git(repo, 'commit', '-q', '-am', 'change');
    // the report the user names, newer than every source (outside the repository)
    const report = besideRepo(repo, 'lcov.info');
    writeFileSync(report, readFileSync(LCOV));
    const later = new Date(Date.now() + 60_000);
    utimesSync(report, later, later);

    const workflow = new OrchestratedReleasePrepWorkflow({
      agentIds: ['test_coverage_analyzer'],
      learn: false,
      cache: false,
      coverageReport: report,
      base: 'main',
      qualityGates: { min_coverage: 10, min_new_coverage: 50 },
    });
    const result = await workflow.execute({ path: repo });
    const figures = result.newCode!;
    expect(figures).toMatchObject({
      base_ref: 'main',
      changed_files: 2,
      executable_lines: 2,
      covered_lines: 1,
      coverage: 50,
      uncovered: [{ file: 'lib/queue.js', lines: [14] }],
      too_small: false,
    });
    expect(figures.merge_base).toBe(git(repo, 'rev-parse', 'main').trim());
    const gate = result.qualityGates.find((g) => g.name === 'New Code Coverage');
    expect(gate).toMatchObject({ actual: 50, threshold: 50, passed: true, thresholdSource: 'default' });
    expect(gate?.message).toBe('new_coverage 50 >= 50 (1 of 2 changed executable lines covered)');
    expect(result.approved).toBe(true);
    // the JSON and console reports carry the new-code figures beside the overall ones
    expect(result.toJSON()['new_code']).toEqual(figures);
    const validate = releaseReportValidator();
    expect(validate(JSON.parse(JSON.stringify(result.toJSON()))), JSON.stringify(validate.errors)).toBe(true);
    const text = result.formatConsoleOutput();
    expect(text).toContain('NEW CODE');
    expect(text).toMatch(/Coverage {10}50% \(1 of 2 lines\) +69\.0%/);
    expect(text).toContain('  lib/queue.js: 14');

    // the same change at 60 % fails its gate
    const strict = evaluateNewCodeGates(figures, resolveNewCodeThresholds(allAgents, { min_new_coverage: 60 }));
    expect(strict[0]).toMatchObject({ name: 'New Code Coverage', passed: false, actual: 50 });
    expect(strict[0]?.message).toBe('new_coverage 50 is below the threshold 60 (1 of 2 changed executable lines covered)');
  });
});

const coverageAgent = agentResult({
  agentId: 'test_coverage_analyzer',
  output: {
    analyzer: 'coverage',
    figures: {
      coverage: 80,
      files: [
        { path: 'src/a.ts', lines_total: 4, lines_covered: 2, pct: 50, uncovered_lines: [3, 4], covered_lines: [1, 2] },
        { path: 'src/sum.ts', lines_total: 2, lines_covered: null, pct: null, uncovered_lines: null, covered_lines: null },
      ],
      unmeasured_files: ['src/lost.ts'],
    },
  },
});
const securityAgent = agentResult({
  agentId: 'security_auditor',
  output: {
    analyzer: 'security',
    figures: { critical_issues: 3 },
    findings: [
      { file: 'src/a.ts', line: 2, rule: 'eval', severity: 'critical', message: 'eval', tool: 'eslint' },
      { file: 'src/a.ts', line: 9, rule: 'eval', severity: 'critical', message: 'old eval', tool: 'eslint' },
      { file: 'src/a.ts', line: 3, rule: 'x', severity: 'high', message: 'not critical', tool: 'eslint' },
      { file: 'src/key.pem', line: 0, rule: 'secret', severity: 'critical', message: 'key', tool: 'secretlint' },
    ],
  },
});
const qualityAgent = agentResult({
  agentId: 'code_reviewer',
  output: {
    analyzer: 'quality',
    figures: {
      quality_score: 9,
      file_debt: [
        { path: 'src/a.ts', loc: 100, minutes: 300 }, // 10 % debt -> 7.0
        { path: 'src/b.ts', loc: 100, minutes: 0 },
      ],
    },
  },
});

describe('newCodeFigures and the gates', () => {
  it('counts critical findings on changed lines (line 0 = the whole changed file) and scores the changed files', () => {
    const figures = newCodeFigures(
      changes({ 'src/a.ts': [1, 2, 3], 'src/key.pem': [1], 'src/lost.ts': [5] }),
      [coverageAgent, securityAgent, qualityAgent],
      0,
    );
    expect(figures.critical_findings.map((f) => `${f.file}:${f.line}`)).toEqual(['src/a.ts:2', 'src/key.pem:0']);
    expect(figures.critical_issues).toBe(2);
    expect([figures.executable_lines, figures.covered_lines, figures.coverage]).toEqual([3, 2, 66.67]);
    expect(figures.unmeasured_files).toEqual(['src/lost.ts']);
    expect([figures.quality_score, figures.quality_files]).toEqual([7, 1]);
    const gates = evaluateNewCodeGates(figures, resolveNewCodeThresholds(allAgents, {}));
    expect(gates.map((g) => [g.name, g.actual, g.passed])).toEqual([
      ['New Code Coverage', 66.67, false],
      ['New Code Security', 2, false],
      ['New Code Quality', 7, true],
    ]);
  });

  it('a change smaller than new_code_min_lines is stated and passes; no executable line is stated too', () => {
    const small = newCodeFigures(changes({ 'src/a.ts': [3] }), [coverageAgent], 5);
    expect(small).toMatchObject({ executable_lines: 1, coverage: 0, too_small: true });
    const [gate] = evaluateNewCodeGates(small, resolveNewCodeThresholds(allAgents, { new_code_min_lines: 5 }));
    expect(gate).toMatchObject({ passed: true, actual: 0 });
    expect(gate?.message).toBe('the change has 1 executable line(s), fewer than new_code_min_lines 5; coverage 0%: not gated');
    const docs = newCodeFigures(changes({ 'README.md': [1, 2] }), [coverageAgent], 0);
    expect(docs).toMatchObject({ executable_lines: 0, coverage: null, too_small: true });
    const [docsGate] = evaluateNewCodeGates(docs, resolveNewCodeThresholds(allAgents, {}));
    expect(docsGate).toMatchObject({ passed: true, actual: null });
    expect(docsGate?.message).toContain('no executable line');
    expect(newCodeLines(docs, []).join('\n')).toContain('new-code coverage is not gated');
  });

  it('fails closed: no coverage, totals-only data, no security figure and no per-file debt are not measured', () => {
    const none = newCodeFigures(changes({ 'src/a.ts': [1] }), [], 0);
    const gates = evaluateNewCodeGates(none, resolveNewCodeThresholds(allAgents, {}));
    expect(gates.every((g) => !g.passed && g.actual === null && g.message.startsWith('not measured: '))).toBe(true);
    const totalsOnly = newCodeFigures(changes({ 'src/sum.ts': [1] }), [coverageAgent], 0);
    expect(totalsOnly.not_measured[0]?.reason).toMatch(/src\/sum\.ts has totals only/);
    const noDebt = newCodeFigures(
      changes({ 'src/a.ts': [1] }),
      [agentResult({ agentId: 'code_reviewer', output: { analyzer: 'quality', figures: { quality_score: 8 } } })],
      0,
    );
    expect(noDebt.not_measured.find((n) => n.what === 'new-code quality')?.reason).toMatch(/file_debt/);
  });

  it('line ranges for humans', () => {
    expect(lineRanges([1, 2, 3, 7, 9, 10])).toBe('1-3, 7, 9-10');
    expect(lineRanges([])).toBe('');
  });
});
