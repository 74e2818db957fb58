import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReport, gate } from '../report/fixture-reports.test-helper.js';
import { readRunHistory, recordRun, runHistoryDir, runRecordOf } from './run-history.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'empathy-history-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const env = { EMPATHY_DATA_DIR: path.join(scratch, 'data') };

function reportAt(i: number, coverage: number | null) {
  return makeReport({
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    totalDuration: 10 + i,
    qualityGates: [
      gate({ name: 'Test Coverage', actual: coverage, agentId: 'test_coverage_analyzer' }),
      gate({ name: 'Code Quality', actual: 8 + i / 10, agentId: 'code_reviewer' }),
      gate({ name: 'Security', actual: i % 2, agentId: 'security_auditor' }),
    ],
  });
}

describe('run history', () => {
  it('lives in the user data directory, outside the repository, one directory per project', () => {
    const dir = runHistoryDir('/work/some/repo', { env });
    expect(dir.startsWith(path.join(scratch, 'data', 'history', 'repo-'))).toBe(true);
    expect(runHistoryDir('/work/other/repo', { env })).not.toBe(dir);
  });

  it('EMPATHY_HISTORY_DIR moves the history alone (the action caches it between workflow runs)', async () => {
    const moved = { ...env, EMPATHY_HISTORY_DIR: path.join(scratch, 'ci-history') };
    const dir = runHistoryDir('/work/some/repo', { env: moved });
    expect(path.dirname(dir)).toBe(path.join(scratch, 'ci-history'));
    expect(path.basename(dir)).toBe(path.basename(runHistoryDir('/work/some/repo', { env })));
    const root = path.join(scratch, 'project-moved');
    const file = await recordRun(root, reportAt(1, 70), { env: moved });
    expect(file.startsWith(path.join(scratch, 'ci-history') + path.sep)).toBe(true);
    expect((await readRunHistory(root, { env: moved })).records.map((r) => r.coverage)).toEqual([70]);
    expect((await readRunHistory(root, { env })).records).toEqual([]); // the data directory's history is another one
    // a relative value is taken from the working directory
    expect(runHistoryDir('/r', { env: { EMPATHY_HISTORY_DIR: 'h' } })).toBe(path.join(process.cwd(), 'h', path.basename(runHistoryDir('/r', { env }))));
  });

  it('keeps one record per run; 20 concurrent writers lose nothing; read back oldest first', async () => {
    const root = path.join(scratch, 'project-a');
    const files = await Promise.all(
      Array.from({ length: 20 }, (_, i) => recordRun(root, reportAt(19 - i, 50 + i), { env })),
    );
    expect(new Set(files).size).toBe(20);
    const { records, setAside } = await readRunHistory(root, { env });
    expect(setAside).toEqual([]);
    expect(records).toHaveLength(20);
    expect(records.map((r) => r.duration_seconds)).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
    expect(records[0]).toEqual(runRecordOf(reportAt(0, 69)));
    expect(await readRunHistory(root, { env, limit: 5 }).then((h) => h.records.length)).toBe(5);
  });

  it('sets an invalid or unreadable record aside (renamed, not deleted) and ignores temporary files', async () => {
    const root = path.join(scratch, 'project-b');
    await recordRun(root, reportAt(1, 70), { env });
    const dir = runHistoryDir(root, { env });
    writeFileSync(path.join(dir, '20250101000000000-1-aa.json'), '{"schema_version": 1, "approved": "yes"}');
    writeFileSync(path.join(dir, '20250101000000001-1-bb.json'), '{ not json');
    writeFileSync(path.join(dir, '.20260101000000000-1-cc.json.123.abcdef.tmp'), 'half');
    const history = await readRunHistory(root, { env });
    expect(history.records).toHaveLength(1);
    expect(history.setAside.map((s) => [path.basename(s.file), s.reason.split(':')[0]])).toEqual([
      ['20250101000000000-1-aa.json', 'invalid record'],
      ['20250101000000001-1-bb.json', 'unreadable'],
    ]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.invalid')).sort()).toEqual([
      '20250101000000000-1-aa.json.invalid',
      '20250101000000001-1-bb.json.invalid',
    ]);
  });
});
