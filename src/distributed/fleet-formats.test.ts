import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../workflows/report/index.js';
import { FLEET_FORMATS } from './fleet-formats.js';
import type { FleetSummary } from './fleet.js';

const summary: FleetSummary = {
  approved: false,
  totalDuration: 12.5,
  queue: null,
  rows: [
    {
      repository: 'services/billing',
      verdict: 'blocked',
      gates: [
        { name: 'Security', actual: 0, threshold: 0, passed: true },
        { name: 'Test Coverage', actual: 63.04, threshold: 80, passed: false },
      ],
      blockers: ['Test Coverage: 63.0 < 80'],
      durationSeconds: 9.3,
      worker: 'in-process',
      error: null,
      reports: {},
    },
    {
      repository: 'https://git.example/a&b.git@0123abc',
      verdict: 'error',
      gates: [],
      blockers: [],
      durationSeconds: 0.2,
      worker: 'in-process',
      error: 'commit 0123abc is not in https://git.example/a&b.git',
      reports: {},
    },
  ],
};

describe('FLEET_FORMATS', () => {
  it('has a summary format for every release-prep report format', () => {
    expect(Object.keys(FLEET_FORMATS)).toEqual(Object.keys(REPORT_FORMATS));
  });

  it('console and markdown: a row per repository with its verdict, gate figures and duration, errors listed', () => {
    const text = FLEET_FORMATS['console']?.render(summary, {}) ?? '';
    expect(text).toContain('0 of 2 repositories approved; ran in-process; 12.5s');
    expect(text).toMatch(/services\/billing\s+BLOCKED\s+0 pass\s+63\.0 FAIL\s+9\.3s/);
    expect(text).toContain('ERRORS\n  https://git.example/a&b.git@0123abc: commit 0123abc is not in');
    const md = FLEET_FORMATS['markdown']?.render(summary, {}) ?? '';
    expect(md).toContain('| Repository | Verdict | Security | Test Coverage | Duration |');
    expect(md).toContain('| services/billing | BLOCKED | 0 pass | 63.0 FAIL | 9.3s |');
  });

  it('json, sarif and junit carry the failed gates and the error', () => {
    const json = JSON.parse(FLEET_FORMATS['json']?.render(summary, {}) ?? '') as { repositories: Array<{ verdict: string; gates: unknown[] }> };
    expect(json.repositories.map((r) => r.verdict)).toEqual(['blocked', 'error']);
    const sarif = JSON.parse(FLEET_FORMATS['sarif']?.render(summary, {}) ?? '') as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['gate/test-coverage', 'fleet/error']);
    const junit = FLEET_FORMATS['junit']?.render(summary, {}) ?? '';
    expect(junit).toContain('<testsuite name="services/billing" tests="2" failures="1" errors="0"');
    expect(junit).toContain('<error message="commit 0123abc is not in https://git.example/a&amp;b.git">');
  });

  it('html and github: the table on a self-contained page, one annotation per failed gate or error', () => {
    const html = FLEET_FORMATS['html']?.render(summary, {}) ?? '';
    expect(html).toContain('<tr><td>services/billing</td><td>BLOCKED</td><td>0 pass</td><td>63.0 FAIL</td><td>9.3s</td></tr>');
    expect(html).toContain('https://git.example/a&#38;b.git');
    expect(html).not.toMatch(/<script|<link/);
    const github = (FLEET_FORMATS['github']?.render(summary, {}) ?? '').trimEnd().split('\n');
    expect(github[0]).toBe('::error title=release-prep%3A services/billing::Test Coverage 63.0 (threshold 80)');
    expect(github[1]).toMatch(/^::error title=release-prep%3A https%3A\/\/git\.example\/a&b\.git@0123abc::could not be checked: commit 0123abc/);
    expect(github).toHaveLength(3);
  });
});
