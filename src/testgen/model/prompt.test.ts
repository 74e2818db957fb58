import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCopies, copyFixtures, indexRoot } from '../../analysis/coverage/fixture-copy.test-helper.js';
import { FAKE_GITHUB_TOKEN } from '../../providers/fake-secrets.test-helper.js';
import { detectJsStyle } from '../js/style.js';
import type { Gap } from '../types.js';
import { feedbackPrompt, firstPrompt } from './prompt.js';

afterAll(cleanupCopies);

const gap: Gap = {
  path: 'lib/parse.js',
  language: 'javascript',
  uncoveredLines: [21, 22, 23],
  uncovered: 3,
  linesTotal: 20,
  pct: 85,
  functions: [{ name: 'formatDuration', startLine: 20, endLine: 28, uncoveredLines: [21, 22, 23] }],
  priority: false,
  score: 3,
};

describe('model generator prompts', () => {
  it('send the numbered source, the uncovered lines and a local test, with secrets removed', async () => {
    const root = await copyFixtures(['js-lib']);
    const file = path.join(root, 'lib/parse.js');
    await fs.appendFile(file, `\nconst token = '${FAKE_GITHUB_TOKEN}';\n`);
    const index = await indexRoot(root);
    const style = await detectJsStyle(index);
    if ('reason' in style) throw new Error(style.reason);
    const prompt = await firstPrompt({
      gap,
      style,
      testFile: 'test/parse.generated.test.js',
      specifier: '../lib/parse.js',
      esm: false,
      index,
      exclude: [],
    });
    expect(prompt).toContain('Write the test file test/parse.generated.test.js');
    expect(prompt).toContain("import it from the test file as '../lib/parse.js' with require()");
    expect(prompt).toContain("const test = require('node:test')");
    expect(prompt).toContain('Uncovered lines of lib/parse.js: 21, 22, 23.');
    expect(prompt).toContain('- formatDuration (lines 20-28; uncovered: 21, 22, 23)');
    expect(prompt).toMatch(/ {2}10\| function parseDuration\(text\) \{/);
    expect(prompt).toContain('An existing test of the project (test/queue.test.js)');
    expect(prompt).not.toContain(FAKE_GITHUB_TOKEN);
    expect(prompt).toContain('[REDACTED');
    const again = await feedbackPrompt(
      prompt,
      'old code',
      `not ok 1\n  error: ${FAKE_GITHUB_TOKEN}`,
      'test/x.js',
    );
    expect(again).toContain('old code');
    expect(again).toContain('not ok 1');
    expect(again).not.toContain(FAKE_GITHUB_TOKEN);
  });
});
