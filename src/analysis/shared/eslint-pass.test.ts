import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { javascriptRules } from '../quality/lint-rules.js';
import { securityEslintConsumer } from '../security/eslint-lint.js';
import { runEslintPass, SONAR_RULE_MODULES, sonarPlugin, type EslintPassFile } from './eslint-pass.js';

const require = createRequire(import.meta.url);

describe('sonarjs rules loaded alone', () => {
  it('loads, for every rule we map, the very rule object the whole plugin registers under that name', async () => {
    const whole = require('eslint-plugin-sonarjs') as { rules: Record<string, unknown> };
    const names = Object.keys(SONAR_RULE_MODULES);
    const alone = (await sonarPlugin(names)) as { rules: Record<string, unknown> };
    for (const name of names) expect(alone.rules[name], name).toBe(whole.rules[name]);
  });

  it('maps every sonarjs rule of the quality baseline, and falls back to the whole plugin otherwise', async () => {
    const baseline = Object.keys(javascriptRules('CAPABLE'))
      .filter((rule) => rule.startsWith('sonarjs/'))
      .map((rule) => rule.slice('sonarjs/'.length));
    expect(baseline.filter((rule) => SONAR_RULE_MODULES[rule] === undefined)).toEqual([]);
    const fallback = (await sonarPlugin(['cognitive-complexity'])) as { rules: Record<string, unknown> };
    expect(Object.keys(fallback.rules).length).toBeGreaterThan(100);
  });
});

describe('a pass on the calling thread', () => {
  it('stops before the first file, between files and before returning when its signal aborts, rejecting with the reason', async () => {
    const spec = securityEslintConsumer('CAPABLE').spec();
    const reason = new Error('interrupted');
    const read: string[] = [];
    const controller = new AbortController();
    // A file's text is read when it is linted: the first one aborts the pass while being linted.
    const file = (path: string, abort: boolean): EslintPassFile => ({
      path,
      get text() {
        read.push(path);
        if (abort) controller.abort(reason);
        return 'eval(process.argv[2]);\n';
      },
      consumers: [spec.id],
    });
    const request = { root: '/repo', consumers: [spec], files: [file('a.js', true), file('b.js', false)] };
    await expect(runEslintPass(request, controller.signal)).rejects.toBe(reason);
    expect(read.filter((p) => p === 'b.js')).toEqual([]); // b.js never linted
    read.length = 0;
    await expect(runEslintPass(request, controller.signal)).rejects.toBe(reason); // already aborted
    expect(read).toEqual([]);
    const last = new AbortController();
    const one = { ...request, files: [{ ...file('a.js', false), get text() { last.abort(reason); return 'eval(x);\n'; } }] };
    await expect(runEslintPass(one, last.signal)).rejects.toBe(reason); // aborted while its last file was linted
    const done = await runEslintPass({ ...request, files: [file('b.js', false)] }, new AbortController().signal);
    expect(Object.keys(done.byConsumer[spec.id] ?? {})).toEqual(['b.js']);
  });
});
