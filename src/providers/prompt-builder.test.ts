import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAgentPrompt, outputTokensFor } from './prompt-builder.js';
import { template } from './test-support.test-helper.js';

const root = mkdtempSync(path.join(tmpdir(), 'empathy-prompt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(path.join(root, 'src'));
for (let i = 0; i < 30; i++) {
  writeFileSync(
    path.join(root, 'src', `f${i}.js`),
    Array.from({ length: 20 }, (_, l) => `const v${l} = ${l}; // file ${i}`).join('\n'),
  );
}
writeFileSync(path.join(root, '.env'), 'API_TOKEN=abcdefghijklmnop\n');
const findings = [
  { file: '.env', line: 1, rule: 'secretlint/x', severity: 'critical', message: 'secret' },
  ...Array.from({ length: 30 }, (_, i) => ({
    file: `src/f${i}.js`,
    line: 10,
    rule: 'r',
    severity: 'low',
    message: 'm',
  })),
  { file: '../outside.js', line: 1, rule: 'r', severity: 'low', message: 'escape attempt' },
];

describe('buildAgentPrompt', () => {
  it('fits excerpts within the template token budget and never reads secret files', async () => {
    const built = await buildAgentPrompt({
      template: template('a', 'CHEAP', 2000),
      toolOutput: { figures: { x: 1 }, findings },
      root,
      services: {},
      exclude: [],
    });
    expect(built.maxOutputTokens).toBe(outputTokensFor(2000));
    expect(built.system.length + built.prompt.length).toBeLessThanOrEqual((2000 - built.maxOutputTokens) * 4);
    expect(built.excerpts.included).toBeGreaterThan(0);
    expect(built.excerpts.omitted).toBeGreaterThan(0);
    expect(built.excerpts.secretFiles).toBe(1);
    expect(built.prompt).not.toContain('abcdefghijklmnop');
    expect(built.prompt).not.toContain('Excerpt ../outside.js');
  });
  it('honours config excludes', async () => {
    const built = await buildAgentPrompt({
      template: template('a', 'CHEAP', 8000),
      toolOutput: { findings: findings.slice(1, 4) },
      root,
      services: {},
      exclude: ['src/**'],
    });
    expect(built.excerpts).toEqual({ included: 0, omitted: 0, secretFiles: 3 });
    expect(built.prompt).not.toContain('Excerpt');
  });
});
