import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { findExecutable } from '../../core/run-command.js';
import { buildProjectIndex } from '../../project/index.js';
import { dedupeBandit, parseBanditReport, runBandit } from './bandit.js';
import { pythonRuleFindings } from './python-rules.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sample = path.resolve(here, '../../../test/fixtures/sec-bandit');
const recorded = readFileSync(path.join(sample, 'report-bandit-1.6.2.json'), 'utf8');
const hasBandit = findExecutable('bandit') !== null;

describe('parseBanditReport (recorded bandit 1.6.2 JSON)', () => {
  it('maps severity/confidence, tags kinds, drops B322 and keeps parse errors', () => {
    const { findings, errors } = parseBanditReport(recorded);
    expect(findings.map((f) => `${f.line}:${f.rule}:${f.severity}:${f.kind ?? '-'}`)).toEqual([
      '1:bandit/B403-blacklist:low:-',
      '3:bandit/B307-blacklist:medium:eval',
      '4:bandit/B602-subprocess_popen_with_shell_equals_true:high:shell',
      '5:bandit/B506-yaml_load:medium:yaml-load',
      '6:bandit/B303-blacklist:medium:weak-hash',
      '7:bandit/B605-start_process_with_a_shell:high:shell',
      '9:bandit/B501-request_with_no_cert_validation:high:verify-false',
    ]);
    expect(errors).toEqual([{ file: 'bad.py', reason: 'syntax error while parsing AST from file' }]);
  });

  it('rejects text that is not a bandit report', () => {
    expect(() => parseBanditReport('{"foo":1}')).toThrow(/not a bandit JSON report/);
  });

  it('drops bandit findings our rules already reported (same file, line, kind)', async () => {
    const ours = await pythonRuleFindings('sample.py', readFileSync(path.join(sample, 'sample.py'), 'utf8'));
    const bandit = parseBanditReport(recorded).findings;
    const kept = dedupeBandit(ours.findings, bandit);
    // md5(x) is not a password hash for our rule, so bandit's B303 stays; B403 has no kind.
    expect(kept.map((f) => `${f.line}:${f.rule}`)).toEqual([
      '1:bandit/B403-blacklist',
      '6:bandit/B303-blacklist',
    ]);
  });
});

describe('runBandit', () => {
  const pythonFiles = async () => {
    const index = await buildProjectIndex(sample, { cache: false });
    return { index, files: index.byLanguage('python') };
  };

  it('reports a missing bandit as missing', async () => {
    const { index, files } = await pythonFiles();
    expect(await runBandit(index, files, { command: '/nonexistent/bandit', timeoutMs: 1000 })).toEqual({
      status: 'missing',
    });
  });

  const banditTitle = `runs the installed bandit${skipNote(!hasBandit, 'bandit', 'bandit on PATH')}`;

  it.skipIf(!hasBandit)(banditTitle, async () => {
    const { index, files } = await pythonFiles();
    const run = await runBandit(index, files, { timeoutMs: 60_000 });
    expect(run.status).toBe('ran');
    if (run.status !== 'ran') return;
    expect(run.version).toMatch(/^\d+\.\d+/);
    expect(run.scanned).toEqual(['bad.py', 'sample.py']);
    expect(run.findings.some((f) => f.line === 4 && f.kind === 'shell' && f.severity === 'high')).toBe(true);
    expect(run.errors.map((e) => e.file)).toEqual(['bad.py']);
  });
});
