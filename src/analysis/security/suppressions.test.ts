import { describe, expect, it } from 'vitest';
import type { Finding } from '../types.js';
import { applySuppressions, lineHash } from './suppressions.js';

const finding = (file: string, line: number, rule: string): Finding => ({
  file,
  line,
  rule,
  severity: 'high',
  message: 'm',
  tool: 't',
});

const texts: Record<string, string> = {
  'a.py': 'import os\nos.system(cmd)  # empathy-ignore bandit/B605 -- fixed command\neval(x)\n',
  'b.js': 'const a = 1;\neval(  input )\n',
};
const contentOf = (file: string) => texts[file] ?? null;

describe('applySuppressions', () => {
  it('keeps everything a comment or the baseline does not suppress; with no baseline, the inline comments still count', () => {
    const findings = [finding('a.py', 2, 'bandit/B605'), finding('a.py', 3, 'bandit/B307'), finding('b.js', 2, 'security/eval')];
    const { kept, suppressed } = applySuppressions(findings, contentOf);
    expect(kept).toEqual([findings[1], findings[2]]);
    expect(suppressed).toEqual([
      { rule: 'bandit/B605', file: 'a.py', line: 2, severity: 'high', by: 'inline', reason: 'fixed command' },
    ]);
  });

  it('suppresses a finding whose line the baseline accepted (whitespace-insensitive hash), and only that one', () => {
    const findings = [finding('a.py', 3, 'bandit/B307'), finding('b.js', 2, 'security/eval'), finding('b.js', 1, 'security/eval')];
    const baseline = [{ rule: 'security/eval', file: 'b.js', hash: lineHash('eval( input )') }];
    const { kept, suppressed } = applySuppressions(findings, contentOf, baseline);
    expect(kept).toEqual([findings[0], findings[2]]);
    expect(suppressed).toEqual([
      { rule: 'security/eval', file: 'b.js', line: 2, severity: 'high', by: 'baseline', reason: 'accepted in the baseline' },
    ]);
  });
});
