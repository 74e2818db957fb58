import { describe, expect, it } from 'vitest';
import type { CandidateTestFile, Gap } from '../../testgen/types.js';
import { generateOnUnits, type ModuleOutcome, type ModuleUnitExecutor, type ModuleWork } from './module-unit.js';

const gap = (p: string): Gap => ({ path: p, language: 'javascript', uncoveredLines: [1], uncovered: 1, linesTotal: 2, pct: 50, functions: [], priority: false, score: 1 });
const candidate = (target: string, testFile: string): CandidateTestFile => ({ id: `g:${target}`, generator: 'g', targetFile: target, testFile, runner: 'node:test', content: `// ${target}`, testCases: 1 });
const work: Omit<ModuleWork, 'gap' | 'position'> = { gapFiles: [], generationDeadline: 0, validationDeadline: 0, memoryMb: 256, runTimeoutMs: 1000, maxFiles: 10, pythonCandidates: [] };

/** Answers each module from `answers` (by gap path), the later gaps first: the order of arrival must not matter. */
function executor(answers: Record<string, ModuleOutcome | Error>): ModuleUnitExecutor & { seen: ModuleWork[] } {
  const seen: ModuleWork[] = [];
  return {
    kind: 'fake',
    seen,
    serveModelCalls: () => Promise.reject(new Error('no model in these tests')),
    async runModule(_root, w) {
      seen.push(w);
      await new Promise((resolve) => setImmediate(resolve, 10 - w.position));
      const answer = answers[w.gap.path];
      if (answer instanceof Error) throw answer;
      return answer as ModuleOutcome;
    },
  };
}

const outcome = (c: CandidateTestFile[], notes: string[] = []): ModuleOutcome => ({ candidates: c, possibleBugs: [], notes, trials: Object.fromEntries(c.map((x) => [x.id, { notRun: x.id }])) });

describe('generateOnUnits: module outcomes gathered in the run\'s order', () => {
  it('sends one unit per gap with its position and gathers candidates, notes and trials in gap order', async () => {
    const exec = executor({ 'a.js': outcome([candidate('index.js', 't/index.g.js'), candidate('a.js', 't/a.g.js')], ['a']), 'b.js': outcome([candidate('b.js', 't/b.g.js')], ['b']) });
    const out = await generateOnUnits(exec, '/r', [gap('a.js'), gap('b.js')], work, new AbortController().signal);
    expect(exec.seen.map((w) => [w.gap.path, w.position])).toEqual([['a.js', 0], ['b.js', 1]]);
    expect(out.candidates.map((c) => c.testFile)).toEqual(['t/index.g.js', 't/a.g.js', 't/b.g.js']);
    expect(out.notes).toEqual(['a', 'b']);
    expect([...out.trials.keys()]).toEqual(['g:index.js', 'g:a.js', 'g:b.js']);
  });

  it('the first module not started ends the list; a failed unit and a taken file name are notes', async () => {
    const exec = executor({
      'a.js': outcome([candidate('a.js', 't/x.g.js')]),
      'b.js': new Error('lost the queue'),
      'c.js': outcome([candidate('c.js', 't/x.g.js')]),
      'd.js': { stopped: 'time budget used up', candidates: [], possibleBugs: [], notes: [], trials: {} },
      'e.js': outcome([candidate('e.js', 't/e.g.js')]),
    });
    const out = await generateOnUnits(exec, '/r', ['a.js', 'b.js', 'c.js', 'd.js', 'e.js'].map(gap), work, new AbortController().signal);
    expect(out.candidates.map((c) => c.targetFile)).toEqual(['a.js']);
    expect(out.notes).toEqual([
      'b.js: its work unit failed: lost the queue',
      't/x.g.js: left out (an earlier module\'s candidate has the same file name)',
      'stopped before d.js: time budget used up',
    ]);
  });
});
