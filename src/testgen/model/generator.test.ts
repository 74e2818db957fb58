import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures } from '../../analysis/coverage/fixture-copy.test-helper.js';
import type { ModelRuntime } from '../../providers/runtime.js';
import { scriptedRuntime } from '../../providers/test-support.test-helper.js';
import { ScriptedModel, type ScriptedRequest } from '../../testing/scripted-model.js';
import { TestCoverageBoostWorkflow } from '../../workflows/test-coverage/workflow.js';
import { TestGeneratorRegistry } from '../registry.js';
import { failureExcerpt } from './precheck.js';
import { countTestCases } from './prompt.js';

afterAll(cleanupCopies);


/** A test file for whichever js-lib module the prompt names; `broken` adds a wrong assertion. */
function answer(request: ScriptedRequest, broken = false): string {
  const file = /Write the test file (\S+) /.exec(request.prompt)?.[1] ?? 'unknown';
  const spec = /import it from the test file as '([^']+)'/.exec(request.prompt)?.[1] ?? 'unknown';
  const head = `'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert/strict');\n`;
  const code = request.prompt.includes('Module under test: lib/parse.js')
    ? `${head}const { formatDuration, parseDuration } = require('${spec}');\n\n` +
      `test('formatDuration picks the unit', () => {\n  assert.equal(formatDuration(500), '500ms');\n` +
      `  assert.equal(formatDuration(1500), '${broken ? '1500ms' : '1.5s'}');\n  assert.equal(formatDuration(120000), '2m');\n});\n\n` +
      `test('parseDuration rejects garbage', () => {\n  assert.throws(() => parseDuration('soon'), TypeError);\n});\n`
    : `${head}const { Queue } = require('${spec}');\n\n` +
      `test('push refuses items beyond the capacity', () => {\n  const queue = new Queue(1);\n  assert.equal(queue.push(1), true);\n` +
      `  assert.equal(queue.push(2), ${broken ? 'true' : 'false'});\n});\n`;
  return JSON.stringify({ file_name: file, code });
}

async function boost(
  root: string,
  runtime: ModelRuntime,
  generators?: TestGeneratorRegistry,
) {
  return new TestCoverageBoostWorkflow({
    targetCoverage: 90,
    projectRoot: root,
    maxTimeSeconds: 120,
    maxFiles: 1,
    modelRuntime: runtime,
    ...(generators ? { generators } : {}),
  }).execute();
}

describe('model-based test generator (scripted model, js-lib with node:test)', () => {
  it('keeps a scripted test file that passes and raises coverage; the call counts in usage', async () => {
    const root = await copyFixtures(['js-lib']);
    const scripted = new ScriptedModel([{ text: (r) => answer(r) }]);
    const runtime = scriptedRuntime(scripted);
    const r = await boost(root, runtime, new TestGeneratorRegistry());
    scripted.assertDone();
    const request = scripted.requests[0]!;
    expect(request.modelId).toBe('claude-sonnet-4-5');
    expect(request.prompt).toMatch(/Uncovered lines of lib\/\w+\.js: \d/);
    expect(request.prompt).toContain('<<DATA id=');
    expect(request.prompt).toContain("require('../lib/queue')"); // the existing test as a style example
    expect(request.system).toContain('never instructions');
    expect(r.coverageAfter).toBeGreaterThan(r.coverageBefore as number);
    expect(r.validation.keptFiles).toHaveLength(1);
    expect(r.writtenFiles).toHaveLength(1);
    const written = await fs.readFile(path.join(root, r.writtenFiles[0]!), 'utf8');
    expect(written).toBe(`${(JSON.parse(answer(request)) as { code: string }).code}`);
    expect(r.usage.calls).toBe(1);
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.costUsd).toBeGreaterThan(0);
    expect(r.notes.some((n) => /model anthropic: 1 call\(s\)/.test(n))).toBe(true);
  });

  it('feeds a failing file back to the model and keeps the scripted fix', async () => {
    const root = await copyFixtures(['js-lib']);
    const scripted = new ScriptedModel([{ text: (r) => answer(r, true) }, { text: (r) => answer(r) }]);
    const runtime = scriptedRuntime(scripted);
    const r = await boost(root, runtime, new TestGeneratorRegistry());
    scripted.assertDone();
    const feedback = scripted.requests[1]!.prompt;
    expect(feedback).toContain('Your previous version of');
    expect(feedback).toMatch(/failed when run alone/);
    expect(feedback).toMatch(/Expected values to be strictly equal|AssertionError/);
    expect(r.validation.keptFiles).toHaveLength(1);
    const written = await fs.readFile(path.join(root, r.writtenFiles[0]!), 'utf8');
    expect(written).not.toMatch(/'1500ms'|push\(2\), true/);
    expect(r.coverageAfter).toBeGreaterThan(r.coverageBefore as number);
    expect(r.usage.calls).toBe(2);
  });

  it('drops a file that still fails after 2 feedback rounds (3 calls, all counted)', async () => {
    const root = await copyFixtures(['js-lib']);
    const broken = { text: (r: ScriptedRequest) => answer(r, true) };
    const scripted = new ScriptedModel([broken, broken, broken]);
    const r = await boost(root, scriptedRuntime(scripted), new TestGeneratorRegistry());
    scripted.assertDone();
    expect(r.validation.keptFiles).toHaveLength(0);
    expect(r.writtenFiles).toHaveLength(0);
    expect(r.usage.calls).toBe(3);
    expect(r.coverageAfter).toBe(r.coverageBefore);
  });

  it('skips the model calls that would cross a tiny --max-cost; the offline generator still works', async () => {
    const root = await copyFixtures(['js-lib']);
    const scripted = new ScriptedModel([]);
    const runtime = scriptedRuntime(scripted, { maxCost: 0.000001 });
    const r = await boost(root, runtime);
    scripted.assertDone();
    expect(scripted.requests).toHaveLength(0);
    expect(runtime.budget().skippedCalls).toBeGreaterThanOrEqual(1);
    expect(runtime.usage().skipped[0]).toMatchObject({ agentId: 'test_generator', kind: 'budget' });
    expect(r.usage.calls).toBe(0);
    expect(r.validation.keptFiles.length).toBeGreaterThan(0);
    expect(r.coverageAfter).toBeGreaterThan(r.coverageBefore as number);
    expect(r.notes.some((n) => /0 call\(s\).*1 skipped/.test(n))).toBe(true);
  });
});

describe('helpers', () => {
  it('counts test cases and keeps the informative part of a failure', () => {
    expect(
      countTestCases("test('a', () => {});\nit('b', () => {});\nconst test = require('node:test');"),
    ).toBe(2);
    const out = failureExcerpt(
      'not ok 1 - a\n  error: boom\n    at Object.<anonymous> (x.js:1:1)\n# tests 1\n# fail 1\n',
    );
    expect(out).toBe('not ok 1 - a\n  error: boom');
  });
});

describe('empathy orchestrate test-coverage provider flags', () => {
  it('lists the provider flags and checks them before any work', async () => {
    const { runTestCoverage } = await import('../../cli/commands/test-coverage.js');
    const { recordingIO } = await import('../../cli/test-io.test-helper.js');
    const root = await copyFixtures(['js-lib']);
    const help = recordingIO(root);
    expect(await runTestCoverage(['--help'], help)).toBe(0);
    expect(help.out).toMatch(/--provider NAME[\s\S]*--max-cost USD/);
    await expect(runTestCoverage(['--provider', 'anthropic'], recordingIO(root))).rejects.toThrow(
      /provider anthropic needs an API key: set ANTHROPIC_API_KEY/,
    );
    await expect(
      runTestCoverage(['--provider', 'anthropic', '--max-cost', '-1'], recordingIO(root)),
    ).rejects.toThrow(/--max-cost/);
  });
});
