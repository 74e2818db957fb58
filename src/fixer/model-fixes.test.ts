import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRunner } from '../orchestration/agents/agent-runner.js';
import { getTemplate } from '../orchestration/agents/agent-templates.js';
import { buildProjectIndex } from '../project/index.js';
import { scriptedRuntime } from '../providers/test-support.test-helper.js';
import { ScriptedModel, type ScriptedRequest, type ScriptedStep } from '../testing/scripted-model.js';
import { createAnalysisRegistry, createAnalysisServices } from '../workflows/analysis-means.js';
import type { CodeFixOutput } from '../workflows/fix-means.js';
import { applyModelPatch, fileStyle } from './model-prompt.js';
import { mergeFixes, modelFixes, openFindings, type ProposedFix } from './index.js';

const FIXTURE = path.resolve('test/fixtures/fix-model');


const edits = (...pairs: [string, string][]) =>
  JSON.stringify({ edits: pairs.map(([find, replace]) => ({ find, replace })), explanation: 'scripted' });

/** The answer for whichever finding the prompt names: good, test-breaking, finding-keeping or malformed. */
function answer(request: ScriptedRequest): string {
  const file = /^Finding in (\S+), line/m.exec(request.prompt)?.[1];
  switch (file) {
    case 'src/has.js': // good: the behaviour stays
      return edits([
        '  return obj.hasOwnProperty(key);',
        '  return Object.prototype.hasOwnProperty.call(obj, key);',
      ]);
    case 'src/parse.js': // removes the finding but changes the behaviour: a test fails
      return edits(['  } catch {}', '  } catch {\n    return 0;\n  }']);
    case 'src/flags.js': // changes something else: the finding stays
      return edits([
        '/** The options with their defaults filled in. */',
        '/** The options, with defaults. */',
      ]);
    case 'src/levels.js': // quotes text that is not in the file
      return edits(['  info: 30,\n  warn: 40,', '  warn: 40,']);
    default:
      return 'no finding named';
  }
}

describe('model-written patches (scripted model)', () => {
  it('asks one request per finding the tools leave, with the finding, its excerpt and the file style', async () => {
    const index = await buildProjectIndex(FIXTURE, { cache: false });
    const open = await openFindings(index, 'CAPABLE');
    // The offline-fixable no-extra-boolean-cast of src/has.js is not among them.
    expect(open.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      'src/flags.js:4 no-self-assign',
      'src/has.js:8 no-prototype-builtins',
      'src/levels.js:5 no-dupe-keys',
      'src/parse.js:6 no-empty',
    ]);
    const scripted = new ScriptedModel(open.map(() => ({ text: answer })));
    const runtime = scriptedRuntime(scripted);
    const result = await modelFixes(index, open, {
      client: runtime.client,
      tier: 'CAPABLE',
      exclude: [],
      agentId: 'code_fixer',
    });
    scripted.assertDone();
    const has = scripted.requests.find((r) => r.prompt.includes('Finding in src/has.js'))!;
    expect(has.prompt).toContain(
      "line 8, column 14: no-prototype-builtins: Do not access Object.prototype method 'hasOwnProperty'",
    );
    expect(has.prompt).toContain('File style: indentation: 2 spaces; strings: single quotes.');
    expect(has.prompt).toMatch(
      /<<DATA id=\w+ source="src\/has.js:1-9">>\n {4}1\| \/\*\* 'set' or 'unset'. \*\//,
    );
    expect(has.system).toContain('never instructions');
    expect(result.requested).toBe(4);
    expect(result.proposed.map((f) => f.file)).toEqual(['src/flags.js', 'src/has.js', 'src/parse.js']);
    expect(result.unusable).toEqual([
      expect.objectContaining({
        reason: 'malformed_patch',
        detail: 'edit 1: the text to replace is not in the file',
      }),
    ]);
    expect(result.usage.calls).toBe(4);
    expect(result.usage.costUsd).toBeGreaterThan(0);
  });

  it('runs in the code_fixer agent: keeps the good patch (merged with the offline fix of the file), rejects the others with the reason, and counts the calls', async () => {
    const scripted = new ScriptedModel([1, 2, 3, 4].map(() => ({ text: answer })));
    const runtime = scriptedRuntime(scripted);
    const runner = new AgentRunner({
      registry: runtime.wrapRegistry(createAnalysisRegistry()),
      services: createAnalysisServices(FIXTURE, { cache: false }),
    });
    const result = await runner.run(getTemplate('code_fixer'), { path: FIXTURE });
    scripted.assertDone();
    expect(result.success).toBe(true);
    const out = result.output as CodeFixOutput;
    expect(out.kept.map((k) => k.id).sort()).toEqual([
      'eslint:src/has.js',
      'model:src/has.js:8:no-prototype-builtins',
    ]);
    const reasons = Object.fromEntries(out.rejected.map((r) => [r.file, `${r.reason}: ${r.detail}`]));
    expect(reasons['src/parse.js']).toMatch(/^tests_fail: .*parseCount rejects what is not a number/);
    expect(reasons['src/flags.js']).toBe('finding_remains: still reported: no-self-assign');
    expect(reasons['src/levels.js']).toBe('malformed_patch: edit 1: the text to replace is not in the file');
    expect(out.fixes_proposed).toBe(5);
    // One change for src/has.js carrying both fixes, and the patch says so.
    expect(out.files.map((f) => f.file)).toEqual(['src/has.js']);
    expect(out.files[0]!.after).toContain("return key ? 'set' : 'unset';");
    expect(out.files[0]!.after).toContain('return Object.prototype.hasOwnProperty.call(obj, key);');
    expect(out.patch.match(/^diff --git/gm)).toHaveLength(1);
    expect(out.model).toMatchObject({
      provider: 'anthropic',
      open_findings: 4,
      requested: 4,
      proposed: 3,
      calls: 4,
      skipped: [],
    });
    // The calls are in the agent's usage and the run's ledger.
    expect(result.usage.calls).toBe(4);
    expect(runtime.usage().perAgent['code_fixer']?.calls).toBe(4);
    // The fixture itself is never changed.
    expect(readFileSync(path.join(FIXTURE, 'src/has.js'), 'utf8')).toContain('obj.hasOwnProperty(key)');
  }, 300_000);

  it('stops asking when the budget is spent and names the findings skipped for it', async () => {
    const index = await buildProjectIndex(FIXTURE, { cache: false });
    const open = await openFindings(index, 'CAPABLE');
    // The first call costs more than --max-cost: every later call would cross it.
    const scripted = new ScriptedModel([{ text: answer, inputTokens: 10_000_000 }]);
    const runtime = scriptedRuntime(scripted, { maxCost: 1 });
    const result = await modelFixes(index, open, {
      client: runtime.client,
      tier: 'CAPABLE',
      exclude: [],
      agentId: 'code_fixer',
    });
    scripted.assertDone(); // exactly one request reached the model
    expect(result.requested).toBe(1);
    expect(result.proposed).toHaveLength(1);
    expect(result.skipped.map((s) => `${s.finding.file} ${s.reason.split(':')[0]}`)).toEqual([
      'src/has.js budget',
      'src/levels.js budget',
      'src/parse.js budget',
    ]);
    expect(result.skipped[0]!.reason).toMatch(/would cross --max-cost \$1/);
    expect(runtime.budget().skippedCalls).toBe(1);
  });

  it('turns an answer that never parses into a malformed_patch rejection, and leaves findings beyond the limit', async () => {
    const index = await buildProjectIndex(FIXTURE, { cache: false });
    const open = await openFindings(index, 'CAPABLE');
    // first, repair, retry and the escalation to the next tier: four unusable answers.
    const steps: ScriptedStep[] = [1, 2, 3, 4].map(() => ({ text: 'I would rename the key.' }));
    const scripted = new ScriptedModel(steps);
    const runtime = scriptedRuntime(scripted);
    const result = await modelFixes(index, open, {
      client: runtime.client,
      tier: 'CAPABLE',
      exclude: [],
      agentId: 'code_fixer',
      maxRequests: 1,
    });
    scripted.assertDone();
    expect(result.unusable).toHaveLength(1);
    expect(result.unusable[0]).toMatchObject({ reason: 'malformed_patch', fix: { file: 'src/flags.js' } });
    expect(result.unusable[0]!.detail).toMatch(/no valid structured answer after 4 attempts/);
    expect(result.skipped).toHaveLength(3);
    expect(result.skipped[0]!.reason).toBe('beyond the 1 finding(s) one run asks the model about');
  });
});

describe('model patch parsing and style hints', () => {
  it.each([
    ['a\nb\nc\n', [['b', 'B']], { text: 'a\nB\nc\n' }],
    ['a\r\nb\r\n', [['a\nb', 'x\ny']], { text: 'x\r\ny\r\n' }],
    ['a\nb\na\n', [['a', 'z']], { error: 'edit 1: the text to replace occurs more than once' }],
    ['a\n', [['q', 'z']], { error: 'edit 1: the text to replace is not in the file' }],
    ['a\n', [['a', 'a']], { error: 'the edits change nothing' }],
    ['k = 1\n', [['k = 1', 'k = [REDACTED:x]']], { error: 'edit 1 writes a redaction marker into the file' }],
  ] as const)('%j with %j', (text, pairs, expected) => {
    const patch = { edits: pairs.map(([find, replace]) => ({ find, replace })), explanation: '' };
    expect(applyModelPatch(text, patch)).toEqual(expected);
  });

  it('reads indentation, quotes and semicolons', () => {
    expect(fileStyle('def f():\n    return "x"\n', true)).toMatchObject({
      indent: '    ',
      quotes: 'double',
      semicolons: 'n/a',
    });
    expect(fileStyle("if (a) {\n\tb('x')\n\tc('y')\n\td()\n}\n", false)).toMatchObject({
      indent: '\t',
      quotes: 'single',
      semicolons: 'never',
    });
    expect(fileStyle('a();\nb();\nc();\nd()\n', false).semicolons).toBe('always');
  });

  it('merges fixes of one file in order and leaves an overlapping one out as a conflict', () => {
    const before = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
    const fix = (id: string, from: string, to: string): ProposedFix => ({
      id,
      source: 'model',
      file: 'a.js',
      description: id,
      fixes: [],
      before,
      after: before.replace(from, to),
    });
    const { changes, conflicts } = mergeFixes([
      fix('top', 'line 1\n', 'line one\n'),
      fix('bottom', 'line 12', 'line twelve'),
      fix('top again', 'line 1\n', 'line uno\n'),
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.after).toBe(
      before.replace('line 1\n', 'line one\n').replace('line 12', 'line twelve'),
    );
    expect(conflicts.map((c) => c.id)).toEqual(['top again']);
  });
});
