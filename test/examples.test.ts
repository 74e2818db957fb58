/**
 * The examples in examples/ run against fixtures here, so they can never rot (issue 20). They import
 * the package by its name, as a user's program does (the build in dist/, made by `pretest`).
 */
import { cpSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/core/run-command.js';
import { runCustomWorkflow } from '../examples/custom-workflow.js';
import { runWithCustomTemplate } from '../examples/custom-template.js';
import { runMultiStage } from '../examples/multi-stage.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function copy(fixture: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'empathy-examples-'));
  made.push(dir);
  const root = path.join(dir, 'project');
  cpSync(path.resolve('test/fixtures', fixture), root, { recursive: true });
  return root;
}

describe('examples', () => {
  it('custom-workflow: composes a team, records the outcome, and reuses the proven team next time', async () => {
    const root = copy('js-lib');
    const store = path.join(path.dirname(root), 'store');
    const first = await runCustomWorkflow(root, store);
    expect(first.reused).toBe(false);
    expect(Object.keys(first.outputs).sort()).toEqual(['code_reviewer', 'documentation_writer']);
    expect(first.success).toBe(true);
    const second = await runCustomWorkflow(root, store);
    expect(second.reused).toBe(true);
    expect(second.qualityScore).toBe(first.qualityScore);
  });

  it('custom-template: a registered template of your own runs beside the composed team', async () => {
    const root = copy('fix-planted');
    const result = await runWithCustomTemplate(root);
    const todo = result.outputs.find((r) => r.agentId === 'todo_tracker');
    expect(todo?.success).toBe(true);
    expect(todo?.output['todos']).toBe(0);
    expect(result.outputs.map((r) => r.agentId)).toContain('code_reviewer');
  });

  it('multi-stage: analysis, verified fixes, validation; the applied patch removes the planted problems and the tests stay green', async () => {
    const root = copy('fix-planted');
    const git = (...args: string[]) =>
      runCommand('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: root });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-qm', 'fixture');
    const r = await runMultiStage(root, { apply: true });
    expect(r.patch).toContain('-import { readFileSync } from');
    expect(r.patch).toContain('+        return yaml.safe_load(stream)');
    // The fix that breaks a test (an import whose side effect a test needs) was refused.
    expect(r.patch).not.toContain('configured.js');
    expect(r.applied.sort()).toEqual(['src/index.js', 'tools/load_config.py']);
    expect(readFileSync(path.join(root, 'tools/load_config.py'), 'utf8')).toContain('yaml.safe_load(stream)');
    const critical = (res: typeof r.analysis) =>
      res.outputs.find((o) => o.agentId === 'security_auditor')?.output['findings'] as Array<{
        rule: string;
      }>;
    expect(critical(r.analysis).some((f) => f.rule === 'python/yaml-load')).toBe(true);
    expect(critical(r.validation!).some((f) => f.rule === 'python/yaml-load')).toBe(false);
    const tests = await runCommand(process.execPath, ['--test', 'test/'], { cwd: root, timeoutMs: 120_000 });
    expect(tests.exitCode).toBe(0);
  });
});
