import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipNote } from '../../core/optional-programs.test-helper.js';
import { probeBubblewrap } from '../../core/sandbox/index.js';
import { cleanupCopies, copyFixtures, indexRoot, RUN_DEADLINE_SECONDS } from './fixture-copy.test-helper.js';
import { coverageAnalyzer } from './index.js';

const bwrap = await probeBubblewrap();
afterAll(cleanupCopies);

/** A test that keeps state beside the sources, as wrangler's `.wrangler/` or svelte's `_output/`. */
const WRITER = `'use strict';
const test = require('node:test');
const fs = require('node:fs');
const path = require('node:path');
test('keeps its state beside the sources', () => {
  fs.writeFileSync(path.join(__dirname, '..', '.state'), 'ran');
});
`;

async function writerProject(): Promise<string> {
  const root = await copyFixtures(['js-lib']);
  await fs.writeFile(path.join(root, 'test', 'state.test.js'), WRITER);
  return root;
}

describe('a suite that writes into its repository', () => {
  it.skipIf(!bwrap.path)(
    `fails where the sandbox refuses the write, and the report says how to allow it${skipNote(!bwrap.path, 'bwrap', 'a working bubblewrap', bwrap.problem ?? undefined)}`,
    async () => {
      const root = await writerProject();
      const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS });
      expect(report.figures.test_run_containment).toBe('bubblewrap');
      expect(report.figures.tests_failed).toBe(true);
      const note = report.figures.notes.find((n) => n.startsWith('some failures come from writes the sandbox refused'));
      expect(note).toContain('"writableProject": true');
      expect(existsSync(path.join(root, '.state'))).toBe(false);
    },
  );

  it.skipIf(!bwrap.path)(
    `passes with writableProject, still contained${skipNote(!bwrap.path, 'bwrap', 'a working bubblewrap', bwrap.problem ?? undefined)}`,
    async () => {
      const root = await writerProject();
      const report = await coverageAnalyzer.analyze(await indexRoot(root), { tier: 'CAPABLE', timeoutSeconds: RUN_DEADLINE_SECONDS, writableProject: true });
      expect(report.figures.test_run_containment).toBe('bubblewrap');
      expect(report.figures.tests_failed).toBe(false);
      expect(report.figures.notes.some((n) => n.includes('writes the sandbox refused'))).toBe(false);
      expect(await fs.readFile(path.join(root, '.state'), 'utf8')).toBe('ran');
    },
  );
});
