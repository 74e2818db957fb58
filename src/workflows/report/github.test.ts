import { describe, expect, it } from 'vitest';
import { agentResult, makeReport } from './fixture-reports.test-helper.js';
import { escapeCommandProperty, formatGithub } from './github.js';
import type { NewCodeFigures } from '../new-code/figures.js';

const finding = (file: string, line: number, message: string) => ({ file, line, rule: 'security/detect-eval', severity: 'critical', message, tool: 'eslint' });

const newCode: NewCodeFigures = {
  base_ref: 'main',
  base_source: '--base',
  merge_base: 'a'.repeat(40),
  changed_files: 2,
  changed_lines: 10,
  executable_lines: 6,
  covered_lines: 2,
  coverage: 33.33,
  min_lines: 0,
  too_small: false,
  uncovered: [{ file: 'src/new.js', lines: [4, 5, 6, 9] }],
  unmeasured_files: [],
  critical_issues: 1,
  critical_findings: [finding('src/new.js', 2, 'eval in new code')],
  quality_score: null,
  quality_files: 0,
  not_measured: [],
};

const report = makeReport({
  approved: false,
  path: '/home/runner/work/repo/repo/packages/app',
  blockers: ['Security: critical_issues 2 is above the threshold 0'],
  newCode,
  agentResults: [
    agentResult({
      agentId: 'security_auditor',
      output: {
        analyzer: 'security',
        findings: [finding('src/old.js', 7, 'old eval, 100% bad:\nreally'), finding('src/new.js', 2, 'eval in new code'), { ...finding('src/x.js', 1, 'h'), severity: 'high' }],
      },
    }),
  ],
});

describe('github format', () => {
  it('annotates critical findings on changed lines first, then uncovered changed ranges, then older criticals and blockers', () => {
    const lines = formatGithub(report, { workspace: '/home/runner/work/repo/repo' }).trimEnd().split('\n');
    expect(lines).toEqual([
      '::error file=packages/app/src/new.js,line=2,title=New critical finding%3A security/detect-eval::eval in new code (eslint)',
      '::error file=packages/app/src/new.js,line=4,endLine=6,title=Changed lines not covered by tests::lines 4-6 changed and not covered by any test',
      '::error file=packages/app/src/new.js,line=9,title=Changed lines not covered by tests::line 9 changed and not covered by any test',
      '::error file=packages/app/src/old.js,line=7,title=Critical finding%3A security/detect-eval::old eval, 100%25 bad:%0Areally (eslint)',
      '::error title=Release blocked::Security: critical_issues 2 is above the threshold 0',
      '::notice title=empathy release-prep::release blocked (confidence HIGH); 2 critical finding(s), 1 blocker(s)',
    ]);
  });

  it('without a workspace the paths are the project-relative ones; properties escape : and ,', () => {
    expect(formatGithub(report)).toContain('::error file=src/new.js,line=2,');
    expect(escapeCommandProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });
});
