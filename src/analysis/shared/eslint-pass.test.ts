import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { javascriptRules } from '../quality/lint-rules.js';
import { SONAR_RULE_MODULES, sonarPlugin } from './eslint-pass.js';

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
