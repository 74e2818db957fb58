import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProjectIndex } from '../project/index.js';
import { useTempDirs } from '../core/temp-dir.test-helper.js';
import { pythonSecurityCounts, SECURITY_FIX_TABLE, tableFixes } from './security-table.js';

const makeTempDir = useTempDirs('empathy-fix-table-');

/** One case per row: a line our rules flag, the rewritten line, and a line the row must leave alone. */
const CASES: Record<string, { line: string; fixed: string; untouched: string }> = {
  'py-yaml-safe-load': {
    line: 'cfg = yaml.load(open(path), Loader=yaml.FullLoader)',
    fixed: 'cfg = yaml.safe_load(open(path))',
    untouched: 'cfg = yaml.load(stream, Loader=MyLoader)',
  },
  'py-requests-verify': {
    line: 'r = requests.get(url, timeout=5, verify=False)',
    fixed: 'r = requests.get(url, timeout=5, verify=True)',
    untouched: 'session.verify = False',
  },
  'py-subprocess-no-shell': {
    line: 'subprocess.run("git status --short", shell=True, check=True)',
    fixed: 'subprocess.run(["git", "status", "--short"], check=True)',
    untouched: 'subprocess.run("ls | wc -l", shell=True)',
  },
};

describe('security fix table', () => {
  it('has a test case for every row', () => {
    expect(Object.keys(CASES).sort()).toEqual(SECURITY_FIX_TABLE.map((r) => r.id).sort());
  });

  for (const row of SECURITY_FIX_TABLE) {
    it(`${row.id}: rewrites the flagged line, removes the ${row.rule} finding, leaves other lines alone`, async () => {
      const c = CASES[row.id]!;
      expect(row.apply(c.line)).toBe(c.fixed);
      expect(row.apply(c.untouched)).toBeNull();
      const header = 'import subprocess\nimport requests\nimport yaml\n\n';
      const before = await pythonSecurityCounts('a.py', `${header}${c.line}\n`);
      const after = await pythonSecurityCounts('a.py', `${header}${c.fixed}\n`);
      expect(before.get(row.rule)).toBe(1);
      expect(after.get(row.rule) ?? 0).toBe(0);
    });
  }

  it('proposes one fix per Python file, only for flagged lines', async () => {
    const dir = makeTempDir();
    mkdirSync(path.join(dir, 'pkg'));
    writeFileSync(
      path.join(dir, 'pkg', 'conf.py'),
      'import yaml\n\n\ndef read(s):\n    return yaml.load(s)\n\n\n# yaml.load(s) in a comment stays\n',
    );
    const index = await buildProjectIndex(dir, { cache: false });
    const [fix, ...rest] = await tableFixes(index);
    expect(rest).toEqual([]);
    expect(fix).toMatchObject({
      file: 'pkg/conf.py',
      source: 'table',
      fixes: [{ rule: 'python/yaml-load', count: 1 }],
    });
    expect(fix!.after).toBe(
      'import yaml\n\n\ndef read(s):\n    return yaml.safe_load(s)\n\n\n# yaml.load(s) in a comment stays\n',
    );
  });
});
